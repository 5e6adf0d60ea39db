import { describe, expect, test } from 'vitest'
import { contentDisposition } from './content-disposition'

describe('Content-Disposition for downloads', () => {
  test.each([
    { name: 'relance.pdf', expected: `attachment; filename="relance.pdf"; filename*=UTF-8''relance.pdf` },
    { name: 'relance n°1 (été).pdf', expected: `attachment; filename="relance n1 (ete).pdf"; filename*=UTF-8''relance%20n%C2%B01%20%28%C3%A9t%C3%A9%29.pdf` },
    { name: 'a"b\\c.pdf', expected: `attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%5Cc.pdf` },
    { name: 'évè.pdf\r\nX-Injected: 1', expected: `attachment; filename="eve.pdfX-Injected: 1"; filename*=UTF-8''%C3%A9v%C3%A8.pdf%0D%0AX-Injected%3A%201` },
    { name: 'Mise en demeure — F-1.pdf', expected: `attachment; filename="Mise en demeure F-1.pdf"; filename*=UTF-8''Mise%20en%20demeure%20%E2%80%94%20F-1.pdf` },
    { name: '請求書', expected: `attachment; filename="attachment"; filename*=UTF-8''%E8%AB%8B%E6%B1%82%E6%9B%B8` },
  ])('$name', ({ name, expected }) => {
    expect(contentDisposition(name)).toBe(expected)
  })
})
