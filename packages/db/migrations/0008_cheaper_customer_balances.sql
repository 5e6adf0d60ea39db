-- customer_balances stays a read model of invoices kept by statement-level triggers (0003): every write path
-- (use cases, imports, payments, hand-written SQL) keeps it exact. This migration makes each refresh cheaper; what
-- the table holds does not change. Measured on the payments benchmark (bench/payments), the old refresh cost was
-- not the aggregate but (1) planning: PL/pgSQL re-planned every statement at every call (`= ANY(customer_ids)` keeps
-- custom plans winning), and (2) the anti-join of its DELETE, planned as a sequential scan of all invoices whenever
-- the statistics were young (a fresh table, a bulk load). So:
-- * a change that touches few customers (a payment, an edit: at most 10, what a generic plan assumes for an
--   array) runs on generic plans with index paths only, planned once per connection; larger ones (import batches,
--   a whole entity) are planned at each call for their size, as before;
-- * after the customers' row locks (kept: same order, same serialisation of concurrent changes), one statement:
--   the customers' open invoices are aggregated once (through invoices_customer_due_idx), and the stale balance
--   rows, the upsert and customers.oldest_open_due_date all come from that aggregate, never from a scan of invoices;
-- * an UPDATE of invoices that changes none of the columns a balance depends on (customer, currency, due date,
--   total and settled sums) refreshes nothing. (`AFTER UPDATE OF <columns>` cannot be used: PostgreSQL refuses
--   transition tables on triggers with a column list.)
-- Still a full re-aggregation per affected customer (exact by construction, whatever the write), not a delta.
CREATE OR REPLACE FUNCTION refresh_customer_balances(customer_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF customer_ids IS NULL OR cardinality(customer_ids) = 0 THEN
    RETURN;
  END IF;
  -- Two transactions changing one customer's invoices must not both compute from a snapshot missing the other's
  -- change: take the customers' row locks (in id order, so refreshes never deadlock each other) before reading.
  PERFORM 1 FROM customers WHERE id = ANY (customer_ids) ORDER BY id FOR NO KEY UPDATE;
  WITH open AS (
    SELECT i.customer_id, i.currency, (array_agg(i.entity_id))[1] AS entity_id, count(*)::int AS open_invoice_count,
           sum(i.total_minor - i.paid_minor - i.credited_minor - i.written_off_minor) AS outstanding_minor,
           min(i.due_date) AS oldest_open_due_date
      FROM invoices i
     WHERE i.customer_id = ANY (customer_ids)
       AND i.total_minor - i.paid_minor - i.credited_minor - i.written_off_minor > 0
     GROUP BY i.customer_id, i.currency),
  gone AS (
    DELETE FROM customer_balances b
     WHERE b.customer_id = ANY (customer_ids)
       AND NOT EXISTS (SELECT 1 FROM open o WHERE o.customer_id = b.customer_id AND o.currency = b.currency)),
  kept AS (
    INSERT INTO customer_balances AS b
           (customer_id, currency, entity_id, open_invoice_count, outstanding_minor, oldest_open_due_date, updated_at)
    SELECT o.customer_id, o.currency, o.entity_id, o.open_invoice_count, o.outstanding_minor, o.oldest_open_due_date, now()
      FROM open o
     ORDER BY o.customer_id, o.currency
    ON CONFLICT (customer_id, currency) DO UPDATE
       SET open_invoice_count = excluded.open_invoice_count,
           outstanding_minor = excluded.outstanding_minor,
           oldest_open_due_date = excluded.oldest_open_due_date,
           updated_at = excluded.updated_at
     WHERE (b.open_invoice_count, b.outstanding_minor, b.oldest_open_due_date)
           IS DISTINCT FROM (excluded.open_invoice_count, excluded.outstanding_minor, excluded.oldest_open_due_date))
  UPDATE customers c
     SET oldest_open_due_date = m.oldest
    FROM (SELECT u.id, min(o.oldest_open_due_date) AS oldest
            FROM unnest(customer_ids) AS u(id)
            LEFT JOIN open o ON o.customer_id = u.id
           GROUP BY u.id) m
   WHERE c.id = m.id AND c.oldest_open_due_date IS DISTINCT FROM m.oldest;
END;
$$;
--> statement-breakpoint
-- The same refresh for the changes of a few customers (a payment, an edit): generic plans, made once per
-- connection, and index paths only. A generic plan is kept for the life of the connection, and the one made while a
-- table is still nearly empty (a fresh database filling up) would scan it sequentially forever after; every
-- statement of the refresh reaches its rows by customer, so an index path is always the right one.
CREATE FUNCTION refresh_customer_balances_few(customer_ids uuid[]) RETURNS void LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $$
BEGIN
  PERFORM refresh_customer_balances(customer_ids);
END;
$$;
--> statement-breakpoint
-- The same refresh for many customers at once (an import batch, a whole entity): planned at each call for its size
-- (a cached generic plan assumes 10 customers), with the caller's planner settings.
CREATE FUNCTION refresh_customer_balances_planned_per_call(customer_ids uuid[]) RETURNS void LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  PERFORM refresh_customer_balances(customer_ids);
END;
$$;
--> statement-breakpoint
-- The triggers' choice: few customers → generic plans, many → planned per call.
CREATE FUNCTION refresh_touched_customer_balances(touched uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(touched) > 10 THEN
    PERFORM refresh_customer_balances_planned_per_call(touched);
  ELSIF cardinality(touched) > 0 THEN
    PERFORM refresh_customer_balances_few(touched);
  END IF;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION invoices_refresh_balances_from_new() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched uuid[] := ARRAY(SELECT DISTINCT customer_id FROM new_rows);
BEGIN
  PERFORM refresh_touched_customer_balances(touched);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Only the rows whose balance columns changed count (EXCEPT ALL: linear, and right even if an id changed).
CREATE OR REPLACE FUNCTION invoices_refresh_balances_from_old_and_new() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched uuid[] := ARRAY(
    SELECT DISTINCT changed.customer_id FROM (
      (SELECT id, customer_id, currency, due_date, total_minor, paid_minor, credited_minor, written_off_minor FROM old_rows
       EXCEPT ALL
       SELECT id, customer_id, currency, due_date, total_minor, paid_minor, credited_minor, written_off_minor FROM new_rows)
      UNION ALL
      (SELECT id, customer_id, currency, due_date, total_minor, paid_minor, credited_minor, written_off_minor FROM new_rows
       EXCEPT ALL
       SELECT id, customer_id, currency, due_date, total_minor, paid_minor, credited_minor, written_off_minor FROM old_rows)
    ) AS changed);
BEGIN
  PERFORM refresh_touched_customer_balances(touched);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION invoices_refresh_balances_from_old() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched uuid[] := ARRAY(SELECT DISTINCT customer_id FROM old_rows);
BEGIN
  PERFORM refresh_touched_customer_balances(touched);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION refresh_customer_balances_of_entity(target_entity uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_customer_balances_planned_per_call(ARRAY(SELECT id FROM customers WHERE entity_id = target_entity));
END;
$$;
--> statement-breakpoint
-- The checkout attempts still waiting for the provider's word, for the reconciliation run (oldest change first).
CREATE INDEX "payment_attempts_unsettled_idx" ON "payment_attempts" USING btree ("updated_at","id") WHERE "payment_attempts"."status" in ('pending', 'processing');
