-- Invoice imports go through a staging table: the job checks each row of the file and stages the valid ones (with
-- their resume counters, in the same transaction), then upserts them into invoices in chunks of whole customers,
-- one INSERT … SELECT per chunk, taking the chunk's rows out of the staging table in the same transaction. The rows
-- left in the table are the work still to do: a stop or a crash of the worker resumes there. See docs/decisions/007.
-- UNLOGGED: staged rows are written once and read once within seconds, and need no WAL. A crash of PostgreSQL
-- empties the table; the job sees that its counters promise staged rows that are not there and starts the import
-- again from its first row (see run-import-job.ts). No foreign key to import_jobs: a million reference checks for
-- rows that live a few seconds; the job removes its rows when it ends.
CREATE UNLOGGED TABLE "import_staged_invoices" (
	"import_job_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"number" text NOT NULL,
	"customer_ref" text NOT NULL,
	"issue_date" date NOT NULL,
	"due_date" date NOT NULL,
	"currency" char(3) NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"purchase_order" text,
	"raw_line" text,
	CONSTRAINT "import_staged_invoices_pkey" PRIMARY KEY ("import_job_id", "customer_ref", "line")
);
--> statement-breakpoint
-- The back office's customer list (bench/backoffice/customer-list.ts). The search is a case-insensitive "contains"
-- on name and reference: no b-tree serves it (and pg_trgm is not in PGlite), so the customers are scanned; one
-- stored, already lowered column makes that scan one LIKE per row instead of two lower() and two LIKEs.
-- U+001F between the two cannot be typed into the search box, so no match spans both.
ALTER TABLE "customers" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower("name") || chr(31) || lower("external_ref")) STORED;
--> statement-breakpoint
-- The filter values (segments, countries) are read with a skip scan: one index probe per distinct value.
CREATE INDEX "customers_entity_segment_idx" ON "customers" USING btree ("entity_id","segment");
--> statement-breakpoint
CREATE INDEX "customers_entity_country_idx" ON "customers" USING btree ("entity_id","country");
--> statement-breakpoint
-- A sales user's list (and the owner filter) walks their customers in name order instead of every customer of the
-- entity by name, filtering on the owner: it replaces the index on sales_owner_id alone.
DROP INDEX "customers_sales_owner_idx";
--> statement-breakpoint
CREATE INDEX "customers_sales_owner_entity_name_idx" ON "customers" USING btree ("sales_owner_id","entity_id","name");
