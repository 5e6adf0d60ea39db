import { dropPostgresDatabase } from '@quittance/db/testing/create-database'
import { e2eSettings } from './support/settings'

/** Drops the run's database, even while the portal still holds connections to it. */
export default async function globalTeardown() {
  const settings = e2eSettings()
  await dropPostgresDatabase(settings.adminUrl, settings.databaseName)
}
