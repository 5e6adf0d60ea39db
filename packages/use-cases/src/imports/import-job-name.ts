/** The background job that reads, checks and writes one import (payload: `{ importId }`). */
export const IMPORT_JOB_NAME = 'imports.run'
