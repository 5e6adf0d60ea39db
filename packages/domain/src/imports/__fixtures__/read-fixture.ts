// The corpus of nasty files lives next to the tests; only tests read it, so the domain itself still does no IO.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- test helper: reads fixture bytes from disk
import { readFileSync } from 'node:fs'

export function readFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./${name}`, import.meta.url)))
}
