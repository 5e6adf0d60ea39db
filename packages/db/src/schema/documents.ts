import { sql } from 'drizzle-orm'
import { check, customType, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id } from './columns'
import { documentKind } from './enums'

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' })

/**
 * Stored files (imported invoice PDFs, attachments). Kept in the database so every process sees them and
 * nothing sits under a web root; a later object-store adapter can move `content` out.
 */
export const documents = pgTable(
  'documents',
  {
    id: id(),
    entityId: uuid().notNull(),
    customerId: uuid(),
    kind: documentKind().notNull(),
    filename: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    sha256: text().notNull(),
    content: bytea().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('documents_customer_idx').on(t.customerId),
    check('documents_size_valid', sql`${t.sizeBytes} between 0 and 26214400`),
  ],
)
