-- customer_balances is a read model of invoices. It is refreshed by statement-level triggers, so every write path
-- (use cases, imports, payments, hand-written SQL) keeps it exact, and a bulk insert costs one aggregate per batch.
CREATE FUNCTION refresh_customer_balances(customer_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF customer_ids IS NULL OR cardinality(customer_ids) = 0 THEN
    RETURN;
  END IF;
  -- Two transactions changing one customer's invoices must not both compute from a snapshot missing the other's
  -- change: take the customers' row locks (in id order, so refreshes never deadlock each other) before reading.
  PERFORM 1 FROM customers WHERE id = ANY (customer_ids) ORDER BY id FOR NO KEY UPDATE;
  DELETE FROM customer_balances b
   WHERE b.customer_id = ANY (customer_ids)
     AND NOT EXISTS (
       SELECT 1 FROM invoices i
        WHERE i.customer_id = b.customer_id AND i.currency = b.currency
          AND i.total_minor - i.paid_minor - i.credited_minor - i.written_off_minor > 0);
  INSERT INTO customer_balances AS b
         (customer_id, currency, entity_id, open_invoice_count, outstanding_minor, oldest_open_due_date, updated_at)
  SELECT i.customer_id, i.currency, (array_agg(i.entity_id))[1], count(*),
         sum(i.total_minor - i.paid_minor - i.credited_minor - i.written_off_minor), min(i.due_date), now()
    FROM invoices i
   WHERE i.customer_id = ANY (customer_ids)
     AND i.total_minor - i.paid_minor - i.credited_minor - i.written_off_minor > 0
   GROUP BY i.customer_id, i.currency
  ON CONFLICT (customer_id, currency) DO UPDATE
     SET open_invoice_count = excluded.open_invoice_count,
         outstanding_minor = excluded.outstanding_minor,
         oldest_open_due_date = excluded.oldest_open_due_date,
         updated_at = excluded.updated_at
   WHERE (b.open_invoice_count, b.outstanding_minor, b.oldest_open_due_date)
         IS DISTINCT FROM (excluded.open_invoice_count, excluded.outstanding_minor, excluded.oldest_open_due_date);
  UPDATE customers c
     SET oldest_open_due_date = o.oldest
    FROM (SELECT u.id, (SELECT min(b.oldest_open_due_date) FROM customer_balances b WHERE b.customer_id = u.id) AS oldest
            FROM unnest(customer_ids) AS u(id)) o
   WHERE c.id = o.id AND c.oldest_open_due_date IS DISTINCT FROM o.oldest;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION refresh_customer_balances_of_entity(target_entity uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_customer_balances(ARRAY(SELECT id FROM customers WHERE entity_id = target_entity));
END;
$$;
--> statement-breakpoint
CREATE FUNCTION invoices_refresh_balances_from_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_customer_balances(ARRAY(SELECT DISTINCT customer_id FROM new_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION invoices_refresh_balances_from_old_and_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_customer_balances(ARRAY(
    SELECT customer_id FROM old_rows UNION SELECT customer_id FROM new_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION invoices_refresh_balances_from_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_customer_balances(ARRAY(SELECT DISTINCT customer_id FROM old_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER invoices_balances_after_insert AFTER INSERT ON invoices
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invoices_refresh_balances_from_new();
--> statement-breakpoint
CREATE TRIGGER invoices_balances_after_update AFTER UPDATE ON invoices
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION invoices_refresh_balances_from_old_and_new();
--> statement-breakpoint
CREATE TRIGGER invoices_balances_after_delete AFTER DELETE ON invoices
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION invoices_refresh_balances_from_old();
