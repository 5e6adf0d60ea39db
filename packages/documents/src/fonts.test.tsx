import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { setFontsDirectory } from './fonts'
import { renderInvoicePdf } from './render-invoice-pdf'
import { pdfText } from './testing/pdf-text'
import { sampleInvoiceData } from './testing/sample-documents'

// Its own file: the chosen directory is module state, and vitest gives each file fresh modules.
describe('setFontsDirectory', () => {
  test('names the missing font file and the fix when the directory holds no fonts', async () => {
    setFontsDirectory(join(tmpdir(), 'quittance-no-fonts-here'))

    await expect(renderInvoicePdf({ data: sampleInvoiceData(), locale: 'en' })).rejects.toThrow(
      /DejaVuSans\.ttf not found.*setFontsDirectory/,
    )
  })

  test('renders with the fonts of a directory chosen at startup, as a bundled server would', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quittance-fonts-'))
    for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
      copyFileSync(fileURLToPath(new URL(`../fonts/${file}`, import.meta.url)), join(dir, file))
    }
    setFontsDirectory(dir)

    const text = pdfText(await renderInvoicePdf({ data: sampleInvoiceData(), locale: 'en' }))

    expect(text).toContain('FA-2025-0042')
    expect(text).toContain('Boulangerie Martin SARL')
  })
})
