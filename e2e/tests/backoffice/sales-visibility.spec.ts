import { randomUUID } from 'node:crypto'
import { createCustomer } from '@quittance/db/seed/factories'
import { expect, test } from '../../fixtures/test'

test('A sales user sees only their customers', async ({ page, staff, portal, db }) => {
  const seller = await staff.create('sales')
  const otherSeller = await staff.create('sales')
  // One entity with a customer nobody owns (the fixture's), plus customers of the seller and of another seller.
  const debtor = await portal.createDebtor({ language: 'en', invoices: [{ dueInDays: -5, totalMinor: 12_000 }] })
  const suffix = randomUUID().slice(0, 8)
  const mine = [
    await createCustomer(db, { entityId: debtor.entityId, externalRef: `MINE-1-${suffix}`, name: `Atelier Mine Un ${suffix}`, salesOwnerId: seller.id }),
    await createCustomer(db, { entityId: debtor.entityId, externalRef: `MINE-2-${suffix}`, name: `Atelier Mine Deux ${suffix}`, salesOwnerId: seller.id }),
  ]
  const theirs = await createCustomer(db, {
    entityId: debtor.entityId,
    externalRef: `THEIRS-${suffix}`,
    name: `Garage Autre ${suffix}`,
    salesOwnerId: otherSeller.id,
  })

  await staff.signIn(page, seller)
  await page.goto(`/customers?entity=${debtor.entityId}`)
  const table = page.getByRole('table')
  for (const customer of mine) await expect(table.getByRole('link', { name: customer.name })).toBeVisible()
  await expect(table.getByRole('row')).toHaveCount(1 + mine.length)
  await expect(page.getByText(theirs.name)).toHaveCount(0)
  await expect(page.getByText(debtor.customerName)).toHaveCount(0)

  // Searching does not reveal the others either.
  await page.goto(`/customers?entity=${debtor.entityId}&q=${encodeURIComponent(`Garage Autre ${suffix}`)}`)
  await expect(page.getByText(theirs.name)).toHaveCount(0)

  // Their own customer opens…
  const own = await page.goto(`/customers/${mine[0]!.id}`)
  expect(own?.status()).toBe(200)
  await expect(page.getByRole('heading', { name: mine[0]!.name })).toBeVisible()

  // …another seller's and an unowned customer are a 404 that shows nothing of them.
  for (const other of [{ id: theirs.id, name: theirs.name, ref: theirs.externalRef }, { id: debtor.customerId, name: debtor.customerName, ref: '' }]) {
    const response = await page.goto(`/customers/${other.id}`)
    expect(response?.status()).toBe(404)
    await expect(page.getByText(other.name)).toHaveCount(0)
    if (other.ref) await expect(page.getByText(other.ref)).toHaveCount(0)
  }
  // Nor their invoices (sales may not read invoices at all: refused without saying whether it exists).
  const invoice = await page.goto(`/invoices/${debtor.invoices[0]!.id}`)
  expect([403, 404]).toContain(invoice?.status())
  await expect(page.getByText(debtor.invoices[0]!.number)).toHaveCount(0)
})
