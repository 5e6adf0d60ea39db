import { inspect } from 'node:util'

/**
 * A provider key or webhook secret. Printing, logging or serialising it gives "[redacted]": only `reveal()`, called
 * where the value is handed to a provider's client, gives the value itself.
 */
export class Secret {
  readonly #value: string

  constructor(value: string) {
    this.#value = value
  }

  reveal(): string {
    return this.#value
  }

  toString(): string {
    return '[redacted]'
  }

  toJSON(): string {
    return '[redacted]'
  }

  [inspect.custom](): string {
    return 'Secret([redacted])'
  }
}
