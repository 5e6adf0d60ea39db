import { randomBytes } from 'node:crypto'
import { countOutboxMessagesForContact } from '@quittance/db/repositories/outbox-queries'
import { expect, test, type Locator, type Page, type Request } from '../../fixtures/test'

const UNUSABLE_TITLE = "Ce lien n'est plus utilisable"
const SENT =
  "Si cette adresse figure dans nos fichiers, un lien vers votre compte vient de vous être envoyé. Consultez votre boîte de réception d'ici quelques minutes."
const NOT_FOUND_TITLE = 'Page introuvable'
const SCANNER = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'

test('An expired link shows the friendly page and offers a fresh link', async ({ page, portal, db }) => {
  const debtor = await portal.createDebtor({ invoices: [{ dueInDays: -3 }] })

  const response = await page.goto(await debtor.expiredLink())

  expect(response?.status()).toBe(410)
  expect(response?.headers()['cache-control']).toBe('no-store')
  await expect(page.getByRole('heading', { level: 1, name: UNUSABLE_TITLE })).toBeVisible()
  await expect(page.getByLabel('Adresse e-mail')).toBeVisible()
  await expect(page.getByRole('button', { name: "M'envoyer un lien" })).toBeVisible()
  await expect(page.getByText(debtor.invoices[0]!.number)).toHaveCount(0)
  expect(await page.context().cookies()).toEqual([])
  expect(await countOutboxMessagesForContact(db, { contactId: debtor.contactId })).toBe(0)
})

test('Asking for a fresh link answers the same for a known and an unknown address', async ({
  page,
  portal,
  db,
}) => {
  const debtor = await portal.createDebtor({ invoices: [{ dueInDays: -3 }] })
  const expired = await debtor.expiredLink()

  // A known address (in other capitals): one fresh link is queued for that contact, and the answer tells nothing.
  await page.goto(expired)
  await page.getByLabel('Adresse e-mail').fill(debtor.contactEmail.toUpperCase())
  expect(await postedStatus(page, page.getByRole('button', { name: "M'envoyer un lien" }))).toBe(303)
  await expect(page).toHaveURL(/\/fr\/login\?sent=1$/)
  const answerForKnown = await page.getByRole('main').innerText()
  await expect(page.getByRole('status')).toHaveText(SENT)
  expect(
    await countOutboxMessagesForContact(db, { contactId: debtor.contactId, template: 'portal-link' }),
  ).toBe(1)

  // An unknown address gets exactly the same page.
  await page.goto(expired)
  await page.getByLabel('Adresse e-mail').fill(`nobody-${randomBytes(4).toString('hex')}@e2e.example`)
  expect(await postedStatus(page, page.getByRole('button', { name: "M'envoyer un lien" }))).toBe(303)
  await expect(page).toHaveURL(/\/fr\/login\?sent=1$/)
  expect(await page.getByRole('main').innerText()).toBe(answerForKnown)
  expect(await countOutboxMessagesForContact(db, { contactId: debtor.contactId })).toBe(1)
})

test('A revoked link and an unknown token show the same page as an expired link', async ({
  page,
  portal,
}) => {
  const debtor = await portal.createDebtor({ invoices: [{ dueInDays: -3 }] })
  const expired = await debtor.expiredLink()
  const revoked = await debtor.link()
  await debtor.revokeLinks()
  const unknown = `/fr/a/${randomBytes(32).toString('base64url')}`
  expect(unknown).toMatch(/^\/fr\/a\/[\w-]{43}$/)

  const pages: string[] = []
  for (const url of [expired, revoked, unknown, '/fr/a/too-short']) {
    const response = await page.goto(url)
    expect(response?.status(), url).toBe(410)
    await expect(page.getByRole('heading', { level: 1, name: UNUSABLE_TITLE })).toBeVisible()
    await expect(page.getByLabel('Adresse e-mail')).toBeVisible()
    pages.push(await page.getByRole('main').innerText())
  }
  expect(new Set(pages).size).toBe(1)

  // No session was started along the way.
  await page.goto('/fr/invoices')
  await expect(page).toHaveURL(/\/fr\/login\?reason=session$/)
})

test("Another customer's invoice is a 404", async ({ page, portal }) => {
  const debtorA = await portal.createDebtor({ invoices: [{ dueInDays: -3 }] })
  const debtorB = await portal.createDebtor({ invoices: [{ dueInDays: -3 }] })
  const own = debtorA.invoices[0]!
  const theirs = debtorB.invoices[0]!
  await page.goto(await debtorA.link())
  await expect(page).toHaveURL(/\/fr\/invoices$/)

  // A's own invoice opens, so the 404s below are about ownership, not a broken page.
  expect((await page.goto(`/fr/invoices/${own.id}`))?.status()).toBe(200)
  await expect(page.getByRole('heading', { level: 1, name: `Facture ${own.number}` })).toBeVisible()
  expect((await page.request.get(`/fr/invoices/${own.id}/pdf`)).headers()['content-type']).toBe(
    'application/pdf',
  )

  for (const path of [
    `/fr/invoices/${theirs.id}`,
    '/fr/invoices/not-a-uuid',
    '/xx/invoices',
    '/fr/nowhere',
  ]) {
    const response = await page.goto(path)
    expect(response?.status(), path).toBe(404)
    await expect(page.getByRole('heading', { level: 1, name: NOT_FOUND_TITLE }), path).toBeVisible()
    await expect(page.getByText(theirs.number)).toHaveCount(0)
  }
  for (const path of [`/fr/invoices/${theirs.id}/pdf`, '/fr/invoices/not-a-uuid/pdf']) {
    const response = await page.request.get(path)
    expect(response.status(), path).toBe(404)
    expect(response.headers()['content-type'], path).not.toBe('application/pdf')
  }
})

test('A mail scanner opening the link does not start a session', async ({ page, portal }) => {
  const debtor = await portal.createDebtor({ invoices: [{ dueInDays: -3 }] })
  const link = await debtor.link()

  for (let visit = 0; visit < 2; visit++) {
    const scan = await page.request.get(link, { headers: { 'User-Agent': SCANNER }, maxRedirects: 0 })
    expect(scan.status()).toBe(200)
    expect(scan.headersArray().filter((header) => header.name.toLowerCase() === 'set-cookie')).toEqual([])
    const html = await scan.text()
    expect(html).toContain('Ouvrir mon compte')
    expect(html).not.toContain(debtor.invoices[0]!.number)
  }
  const head = await page.request.head(link, { maxRedirects: 0 })
  expect(head.headersArray().some((header) => header.name.toLowerCase() === 'set-cookie')).toBe(false)
  expect(await page.context().cookies()).toEqual([])

  // The person who follows the link afterwards gets in.
  await page.goto(link)
  await expect(page).toHaveURL(/\/fr\/invoices$/)
  await expect(page.getByRole('rowheader', { name: debtor.invoices[0]!.number })).toBeVisible()
})

test('A person shown the confirmation page continues with its button', async ({
  browser,
  portal,
  extraHTTPHeaders,
}) => {
  const debtor = await portal.createDebtor({ invoices: [{ dueInDays: -3 }] })
  const context = await browser.newContext({ userAgent: SCANNER, extraHTTPHeaders })
  try {
    const page = await context.newPage()
    await page.goto(await debtor.link())
    await expect(page.getByRole('heading', { level: 1, name: 'Accéder à votre compte' })).toBeVisible()
    expect(await postedStatus(page, page.getByRole('button', { name: 'Ouvrir mon compte' }))).toBe(303)
    await expect(page).toHaveURL(/\/fr\/invoices$/)
    await expect(page.getByRole('rowheader', { name: debtor.invoices[0]!.number })).toBeVisible()
  } finally {
    await context.close()
  }
})

test('Too many link attempts from one address are slowed down', async ({ page, portal }) => {
  const debtor = await portal.createDebtor({ invoices: [{ dueInDays: -3 }] })
  const link = await debtor.link()
  // The limit counts 30 attempts per address in fixed one-minute windows: start early in a window.
  const intoWindow = Date.now() % 60_000
  if (intoWindow > 55_000) await page.waitForTimeout(60_000 - intoWindow + 100)

  const guesses = Array.from({ length: 30 }, () =>
    page.request.get(`/fr/a/${randomBytes(32).toString('base64url')}`, { maxRedirects: 0 }),
  )
  expect((await Promise.all(guesses)).map((response) => response.status())).toEqual(Array(30).fill(410))

  // Past the limit even a good link waits, and the page says when to come back.
  const response = await page.goto(link)
  expect(response?.status()).toBe(429)
  const retryAfter = Number(response?.headers()['retry-after'])
  expect(retryAfter).toBeGreaterThan(0)
  expect(retryAfter).toBeLessThanOrEqual(60)
  await expect(page.getByRole('heading', { level: 1, name: 'Trop de tentatives' })).toBeVisible()
  await expect(page.getByLabel('Adresse e-mail')).toBeVisible()
  expect(await page.context().cookies()).toEqual([])
})

test('Signing out ends the session', async ({ page, portal, context }) => {
  const debtor = await portal.createDebtor({ invoices: [{ dueInDays: -3 }] })
  await page.goto(await debtor.link())
  await expect(page).toHaveURL(/\/fr\/invoices$/)
  const sessionCookies = await context.cookies()
  expect(sessionCookies).toHaveLength(1)
  expect(sessionCookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })

  await page.getByRole('button', { name: 'Se déconnecter' }).click()
  await expect(page).toHaveURL(/\/fr\/login$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Accéder à votre compte' })).toBeVisible()
  expect(await context.cookies()).toEqual([])

  await page.goto('/fr/invoices')
  await expect(page).toHaveURL(/\/fr\/login\?reason=session$/)
  await expect(page.getByRole('status')).toContainText('Votre session a pris fin')

  // The old cookie is worthless too: the session ended on the server, not only in the browser.
  await context.addCookies(sessionCookies)
  await page.goto('/fr/invoices')
  await expect(page).toHaveURL(/\/fr\/login\?reason=session$/)
  // And a GET cannot sign anyone out.
  expect((await page.request.get('/fr/logout', { maxRedirects: 0 })).status()).toBe(405)
})

test('The link and the portal pages never send a Referer', async ({ page, portal }) => {
  const debtor = await portal.createDebtor({ invoices: [{ dueInDays: -3 }] })
  const invoice = debtor.invoices[0]!

  const landed = await page.goto(await debtor.link())
  const tokenResponse = await landed?.request().redirectedFrom()?.response()
  expect(tokenResponse?.status()).toBe(303)
  expect(tokenResponse?.headers()['referrer-policy']).toBe('no-referrer')
  expect(landed?.headers()['referrer-policy']).toBe('no-referrer')

  const invoicePage = await page.goto(`/fr/invoices/${invoice.id}`)
  expect(invoicePage?.status()).toBe(200)
  expect(invoicePage?.headers()['referrer-policy']).toBe('no-referrer')
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute('content', 'no-referrer')

  // The unusable-link page keeps the token in its address: what it loads must not carry it along.
  const expired = await debtor.expiredLink()
  const subresources: Request[] = []
  page.on('request', (request) => {
    if (request.resourceType() !== 'document') subresources.push(request)
  })
  const unusable = await page.goto(expired)
  expect(unusable?.status()).toBe(410)
  expect(unusable?.headers()['referrer-policy']).toBe('no-referrer')
  await page.waitForLoadState('load')
  expect(subresources.map((request) => request.url()).some((url) => url.endsWith('.css'))).toBe(true)
  for (const request of subresources) expect(await request.headerValue('referer'), request.url()).toBeFalsy()
})

/** Clicks a form's submit button and returns the status of the POST it sends, so a failing action fails at once. */
async function postedStatus(page: Page, button: Locator) {
  const posted = page.waitForResponse((response) => response.request().method() === 'POST')
  await button.click()
  return (await posted).status()
}

test('A form posted from another site is refused before it does anything', async ({ request }) => {
  const forged = await request.post('/fr/login', {
    form: { email: 'victim@example.test' },
    headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
    maxRedirects: 0,
  })
  expect(forged.status()).toBe(403)
  const noFetchMetadata = await request.post('/fr/login', {
    form: { email: 'victim@example.test' },
    headers: { Origin: 'https://evil.example' },
    maxRedirects: 0,
  })
  expect(noFetchMetadata.status()).toBe(403)
})
