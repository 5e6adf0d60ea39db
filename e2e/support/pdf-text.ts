import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Download } from '@playwright/test'

const run = promisify(execFile)

/** Saves a download and returns its bytes' first characters and its text as poppler's `pdftotext` reads it. */
export async function readDownloadedPdf(
  download: Download,
): Promise<{ filename: string; magic: string; text: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'quittance-e2e-pdf-'))
  try {
    const file = join(dir, 'document.pdf')
    await download.saveAs(file)
    const magic = (await readFile(file)).subarray(0, 5).toString('latin1')
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], {
      maxBuffer: 10 * 1024 * 1024,
    })
    return { filename: download.suggestedFilename(), magic, text: stdout }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
