// Merges the Vitest JSON reports of every package and Playwright's JSON stats into the one plain line CI reads.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const [root, playwrightReport] = process.argv.slice(2)
let passed = 0
let failed = 0
let skipped = 0
const folders = ['portal', 'backoffice', ...readdirSync(join(root, 'packages')).map((p) => join('packages', p))]
for (const folder of folders) {
  const file = join(root, folder, '.vitest-report.json')
  if (!existsSync(file)) continue
  const report = JSON.parse(readFileSync(file, 'utf8'))
  passed += report.numPassedTests
  // A file that fails to load has no tests counted; count it as a failure so it cannot pass silently.
  failed += report.numFailedTests + (report.numFailedTestSuites ?? 0)
  skipped += report.numPendingTests + report.numTodoTests
}
if (playwrightReport && existsSync(playwrightReport)) {
  const { stats } = JSON.parse(readFileSync(playwrightReport, 'utf8'))
  passed += stats.expected + stats.flaky
  failed += stats.unexpected
  skipped += stats.skipped
} else {
  failed += 1
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
