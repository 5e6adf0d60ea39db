-- What if the INSERT trigger of invoices added the new rows to customer_balances instead of recomputing each touched
-- customer from all its invoices? Installed by `pnpm bench:import --what-if-incremental-balances` in the benchmark's
-- throw-away database only; the product's migrations are unchanged. Inserts only add open amounts, so adding them
-- is exact; UPDATE and DELETE keep the full recompute.
CREATE OR REPLACE FUNCTION invoices_refresh_balances_from_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM customers WHERE id IN (SELECT DISTINCT customer_id FROM new_rows) ORDER BY id FOR NO KEY UPDATE;
  INSERT INTO customer_balances AS b
         (customer_id, currency, entity_id, open_invoice_count, outstanding_minor, oldest_open_due_date, updated_at)
  SELECT n.customer_id, n.currency, (array_agg(n.entity_id))[1], count(*),
         sum(n.total_minor - n.paid_minor - n.credited_minor - n.written_off_minor), min(n.due_date), now()
    FROM new_rows n
   WHERE n.total_minor - n.paid_minor - n.credited_minor - n.written_off_minor > 0
   GROUP BY n.customer_id, n.currency
  ON CONFLICT (customer_id, currency) DO UPDATE
     SET open_invoice_count = b.open_invoice_count + excluded.open_invoice_count,
         outstanding_minor = b.outstanding_minor + excluded.outstanding_minor,
         oldest_open_due_date = least(b.oldest_open_due_date, excluded.oldest_open_due_date),
         updated_at = excluded.updated_at;
  UPDATE customers c
     SET oldest_open_due_date = o.oldest
    FROM (SELECT n.customer_id, min(n.due_date) AS oldest FROM new_rows n
           WHERE n.total_minor - n.paid_minor - n.credited_minor - n.written_off_minor > 0
           GROUP BY n.customer_id) o
   WHERE c.id = o.customer_id AND (c.oldest_open_due_date IS NULL OR o.oldest < c.oldest_open_due_date);
  RETURN NULL;
END;
$$;
