import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Font } from '@react-pdf/renderer'

// The built-in Helvetica only covers Latin-1: Polish or Czech names and signs like "≥" would print as blanks.
const REGULAR_FILE = 'DejaVuSans.ttf'
const BOLD_FILE = 'DejaVuSans-Bold.ttf'

let fontsDirectory: string | null = null
const familiesByDirectory = new Map<string, string>()

/**
 * Where DejaVuSans.ttf and DejaVuSans-Bold.ttf live. Only needed when this module is bundled (a Vite server
 * build leaves `import.meta.url` pointing at the bundle, away from `packages/documents/fonts`): call it once at
 * startup with a directory the deployment ships the fonts in.
 */
export function setFontsDirectory(dir: string): void {
  fontsDirectory = dir
}

function fontFiles(): { key: string; regular: string; bold: string } {
  if (fontsDirectory !== null) {
    return {
      key: fontsDirectory,
      regular: join(fontsDirectory, REGULAR_FILE),
      bold: join(fontsDirectory, BOLD_FILE),
    }
  }
  // Literal URLs relative to this file, so they hold when the package runs from source (tsx, vitest, Vite dev).
  const regular = fileURLToPath(new URL('../fonts/DejaVuSans.ttf', import.meta.url))
  const bold = fileURLToPath(new URL('../fonts/DejaVuSans-Bold.ttf', import.meta.url))
  return { key: regular, regular, bold }
}

/** Registers the fonts on first use and returns the family name to put in the page style. */
export function documentFontFamily(): string {
  const files = fontFiles()
  const known = familiesByDirectory.get(files.key)
  if (known !== undefined) return known

  for (const file of [files.regular, files.bold]) {
    // react-pdf would fail later with an unreadable error; name the file and the fix instead.
    if (!existsSync(file)) {
      throw new Error(
        `Font file ${file} not found: ship packages/documents/fonts and call setFontsDirectory()`,
      )
    }
  }
  // The font store cannot unregister, and a second source under one family would be ambiguous, so a new
  // directory gets a new family name.
  const family =
    familiesByDirectory.size === 0 ? 'DejaVu Sans' : `DejaVu Sans ${familiesByDirectory.size + 1}`
  Font.register({
    family,
    fonts: [
      { src: files.regular, fontWeight: 'normal' },
      { src: files.bold, fontWeight: 'bold' },
    ],
  })
  familiesByDirectory.set(files.key, family)
  return family
}
