-- A payment on its way (a SEPA debit reported "processing") holds the reminders of its invoices until it settles:
-- security-research §7 case 16. The hold is written and ended by the payment path (apply-provider-notification).
ALTER TABLE "invoice_reminder_holds" DROP CONSTRAINT "invoice_reminder_holds_kind";
--> statement-breakpoint
ALTER TABLE "invoice_reminder_holds" ADD CONSTRAINT "invoice_reminder_holds_kind"
  CHECK ("kind" in ('dispute', 'promise', 'payment_plan', 'payment_processing'));
