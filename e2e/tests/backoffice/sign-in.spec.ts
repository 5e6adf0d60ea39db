import { expect, test } from '../../fixtures/test'

test('A collector signs in and sees only the menus of the role', async ({ page, staff }) => {
  const collector = await staff.create('collector')
  await staff.signIn(page, collector)
  await expect(page).toHaveURL(/\/customers/)
  const menu = page.getByRole('navigation', { name: 'Main menu' })
  await expect(menu.getByRole('link', { name: 'Customers' })).toBeVisible()
  await expect(menu.getByRole('link', { name: 'Settings' })).toHaveCount(0)
  await expect(menu.getByRole('link', { name: 'Audit log' })).toHaveCount(0)
})

test('A wrong password and an unknown e-mail get the same answer', async ({ page, staff }) => {
  const admin = await staff.create('admin')
  await page.goto('/login')
  await page.getByLabel('E-mail address').fill(admin.email)
  await page.getByLabel('Password').fill('not the password at all')
  await page.getByRole('button', { name: 'Sign in' }).click()
  const wrongPassword = await page.getByRole('alert').textContent()
  await page.getByLabel('E-mail address').fill('nobody@e2e.example')
  await page.getByLabel('Password').fill('not the password at all')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toHaveText(wrongPassword ?? 'missing')
  expect(wrongPassword).toContain('incorrect')
})

test('Signing out everywhere ends the sessions on other devices', async ({ browser, page, staff }) => {
  const manager = await staff.create('credit_manager')
  await staff.signIn(page, manager)
  const otherDevice = await browser.newContext()
  const otherPage = await otherDevice.newPage()
  try {
    await staff.signIn(otherPage, manager)
    await page.getByRole('button', { name: 'Sign out everywhere' }).click()
    await expect(page).toHaveURL(/\/login\?signedOut=1/)
    await otherPage.goto(otherPage.url())
    await expect(otherPage).toHaveURL(/\/login/)
  } finally {
    await otherDevice.close()
  }
})

test('Pages need a session, and a cross-site sign-in post is refused', async ({ page, request }) => {
  await page.goto('/customers')
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fcustomers/)
  const forged = await request.post('/login', {
    form: { email: 'x@e2e.example', password: 'whatever' },
    headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
    maxRedirects: 0,
  })
  expect(forged.status()).toBe(403)
})
