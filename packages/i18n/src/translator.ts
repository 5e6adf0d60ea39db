export type Messages = Readonly<Record<string, string>>
export type TranslationValues = Readonly<Record<string, string | number>>
export type Translate = (key: string, values?: TranslationValues) => string

const PLACEHOLDER = /\{(\w+)\}/g
// Building an Intl.PluralRules costs far more than using one; pages create many translators.
const pluralRulesByTag = new Map<string, Intl.PluralRules>()

function pluralRulesFor(intlTag: string) {
  let rules = pluralRulesByTag.get(intlTag)
  if (!rules) {
    rules = new Intl.PluralRules(intlTag)
    pluralRulesByTag.set(intlTag, rules)
  }
  return rules
}

/**
 * A deliberately small translator: flat keys, `{name}` placeholders, and CLDR plural forms chosen with
 * Intl.PluralRules when a `count` value is given (`key_one`, `key_other`…). It keeps the browser bundle small.
 */
export function createTranslator(intlTag: string, messages: Messages): Translate {
  const plurals = pluralRulesFor(intlTag)
  return (key, values) => {
    let template: string | undefined
    if (values && typeof values.count === 'number') {
      template = messages[`${key}_${plurals.select(values.count)}`] ?? messages[`${key}_other`]
    }
    template ??= messages[key]
    if (template === undefined) return key
    if (!values) return template
    return template.replace(PLACEHOLDER, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    )
  }
}

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '').sort()
}
