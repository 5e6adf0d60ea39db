-- A day's plan on a large portfolio writes hundreds of thousands of reminder_step_history and
-- reminder_action_invoices rows (issue 5: ~320k and ~200k on 1M invoices). Their foreign keys to invoices checked
-- each row with its own query that also locks the invoice row (FOR KEY SHARE: a heap write and a WAL record per
-- invoice): about half of the planner's write time. The same rules are now checked once per statement:
--  - an inserted row must name an existing invoice (one anti-join over the statement's rows);
--  - deleting an invoice deletes its step history (the former ON DELETE CASCADE) and is refused while a reminder
--    action lists it (the former NO ACTION).
-- What is lost is the row lock: an invoice deleted while a planner inserts rows for it could leave them orphaned.
-- The application never deletes invoices (they are corrected by credit notes and write-offs), and invoice_id is
-- never updated in these two tables.
ALTER TABLE "reminder_step_history" DROP CONSTRAINT "reminder_step_history_invoice_id_invoices_id_fk";
--> statement-breakpoint
ALTER TABLE "reminder_action_invoices" DROP CONSTRAINT "reminder_action_invoices_invoice_id_invoices_id_fk";
--> statement-breakpoint
CREATE FUNCTION reminder_rows_refuse_unknown_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM invoices i WHERE i.id = n.invoice_id)) THEN
    RAISE EXCEPTION 'insert on table "%" names an invoice that does not exist', TG_TABLE_NAME
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER reminder_step_history_invoice_exists AFTER INSERT ON "reminder_step_history"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reminder_rows_refuse_unknown_invoice();
--> statement-breakpoint
CREATE TRIGGER reminder_action_invoices_invoice_exists AFTER INSERT ON "reminder_action_invoices"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reminder_rows_refuse_unknown_invoice();
--> statement-breakpoint
CREATE FUNCTION invoices_deleted_reminder_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM reminder_action_invoices x JOIN old_rows o ON o.id = x.invoice_id) THEN
    RAISE EXCEPTION 'an invoice listed by a reminder action cannot be deleted'
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  DELETE FROM reminder_step_history h USING old_rows o WHERE h.invoice_id = o.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER invoices_delete_reminder_rows AFTER DELETE ON "invoices"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION invoices_deleted_reminder_rows();
