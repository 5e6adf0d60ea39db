import type { JobHandlers } from '@quittance/jobs/types'
import { IMPORT_JOB_NAME } from '../imports/import-job-name'
import { runImportJob } from '../imports/run-import-job'

/** Every background job of the product, by name: what `startJobRunner` runs in the web process and in workers. */
export const JOB_HANDLERS: JobHandlers = {
  [IMPORT_JOB_NAME]: runImportJob,
}
