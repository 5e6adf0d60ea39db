import type { Db } from '@quittance/db/client'
import { insertJob, type JobPayload } from '@quittance/db/repositories/jobs'

/**
 * Asks for background work. Pass the transaction of the change that needs it: the job exists if and only if the
 * change commits, and no worker can see it before.
 */
export async function enqueueJob(
  db: Db,
  input: { name: string; payload: JobPayload; runAfter?: Date; maxAttempts?: number },
): Promise<{ id: number }> {
  return insertJob(db, input)
}
