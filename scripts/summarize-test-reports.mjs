// Merges the Vitest JSON reports of every package and Playwright's JSON stats into the one plain line CI reads.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const [root, playwrightReport] = process.argv.slice(2)
let passed = 0
let failed = 0
let skipped = 0
// CI shows only the tail of the log: name each failure (and the start of its message) just above the closing line.
const failures = []
const firstLines = (messages) => (messages ?? []).join('\n').split('\n').slice(0, 6).join('\n    ')
const folders = [
  'portal',
  'backoffice',
  ...readdirSync(join(root, 'packages')).map((p) => join('packages', p)),
]
for (const folder of folders) {
  const file = join(root, folder, '.vitest-report.json')
  if (!existsSync(file)) continue
  const report = JSON.parse(readFileSync(file, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests
  // A file that fails to load has no tests counted: count the file as one failure so it cannot pass silently.
  // (numFailedTestSuites would count every describe block around a failing test too.)
  for (const result of report.testResults ?? []) {
    if (
      result.status === 'failed' &&
      !(result.assertionResults ?? []).some((test) => test.status === 'failed')
    ) {
      failed += 1
      failures.push(
        `${folder}: ${result.name} did not load\n    ${String(result.message ?? '')
          .split('\n')
          .slice(0, 6)
          .join('\n    ')}`,
      )
    }
    for (const test of result.assertionResults ?? []) {
      if (test.status === 'failed')
        failures.push(`${folder}: ${test.fullName} (${result.name})\n    ${firstLines(test.failureMessages)}`)
    }
  }
  skipped += report.numPendingTests + report.numTodoTests
}
if (playwrightReport && existsSync(playwrightReport)) {
  const { stats, suites } = JSON.parse(readFileSync(playwrightReport, 'utf8'))
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected') continue
        const error = (test.results ?? []).map((r) => r.error?.message).find(Boolean) ?? ''
        failures.push(`e2e: ${spec.file} › ${spec.title}\n    ${firstLines([error])}`)
      }
    }
    for (const child of suite.suites ?? []) walk(child)
  }
  for (const suite of suites ?? []) walk(suite)
  passed += stats.expected + stats.flaky
  failed += stats.unexpected
  skipped += stats.skipped
} else {
  failed += 1
}
if (failures.length > 0) console.log(`Failed tests:\n${failures.map((f) => `  ${f}`).join('\n')}`)
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
