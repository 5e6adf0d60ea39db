CREATE TABLE "customer_scenario_overrides" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"scenario_id" uuid NOT NULL,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_reminder_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"until" date,
	"broken_on" date,
	"source_type" text,
	"source_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "invoice_reminder_holds_kind" CHECK ("invoice_reminder_holds"."kind" in ('dispute', 'promise', 'payment_plan'))
);
--> statement-breakpoint
CREATE TABLE "late_payment_rates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"effective_from" date NOT NULL,
	"rate_basis_points" integer NOT NULL,
	"non_professional_basis_points" integer,
	"semester" text,
	"source" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "late_payment_rates_kind" CHECK ("late_payment_rates"."kind" in ('ecb_mro', 'fr_legal')),
	CONSTRAINT "late_payment_rates_rate" CHECK ("late_payment_rates"."rate_basis_points" between 0 and 100000)
);
--> statement-breakpoint
CREATE TABLE "reminder_action_invoices" (
	"action_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"remaining_minor" bigint NOT NULL,
	"position" integer NOT NULL,
	"dropped_reason" text,
	CONSTRAINT "reminder_action_invoices_action_id_invoice_id_pk" PRIMARY KEY("action_id","invoice_id")
);
--> statement-breakpoint
CREATE TABLE "reminder_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action_key" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"step_key" text NOT NULL,
	"period_key" text NOT NULL,
	"contact_id" uuid,
	"currency" char(3) NOT NULL,
	"channel" text NOT NULL,
	"scenario_id" uuid NOT NULL,
	"scenario_version" integer NOT NULL,
	"planning_date" date NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"skip_reason" text,
	"send_after" timestamp with time zone,
	"total_minor" bigint NOT NULL,
	"max_days_late" integer DEFAULT 0 NOT NULL,
	"test_mode" boolean DEFAULT false NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "reminder_actions_status_valid" CHECK ("reminder_actions"."status" in ('planned', 'awaiting_approval', 'sending', 'sent', 'skipped', 'failed', 'unknown')),
	CONSTRAINT "reminder_actions_channel_valid" CHECK ("reminder_actions"."channel" in ('email', 'sms', 'postal-letter', 'registered-letter', 'phone-task', 'manual-task'))
);
--> statement-breakpoint
CREATE TABLE "reminder_assignment_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entity_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"scenario_id" uuid NOT NULL,
	"conditions" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action_id" uuid NOT NULL,
	"outbox_message_id" uuid,
	"channel" text NOT NULL,
	"provider" text NOT NULL,
	"recipient" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"state" text DEFAULT 'sending' NOT NULL,
	"provider_message_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_until" timestamp with time zone,
	"last_error" text,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_deliveries_state_valid" CHECK ("reminder_deliveries"."state" in ('sending', 'sent', 'delivered', 'opened', 'clicked', 'bounced', 'failed', 'unknown'))
);
--> statement-breakpoint
CREATE TABLE "reminder_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entity_id" uuid,
	"planning_date" date NOT NULL,
	"trigger" text NOT NULL,
	"run_key" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"requested_by" uuid,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_scenario_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scenario_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_scenarios" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entity_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_scenarios_version_positive" CHECK ("reminder_scenarios"."current_version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "reminder_settings" (
	"entity_id" uuid PRIMARY KEY NOT NULL,
	"default_scenario_id" uuid,
	"test_mode" boolean DEFAULT false NOT NULL,
	"planning_hour" integer DEFAULT 6 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_step_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"invoice_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"step_key" text NOT NULL,
	"on" date NOT NULL,
	"outcome" text NOT NULL,
	"action_key" text,
	"reason" text,
	"scenario_version" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_step_history_outcome" CHECK ("reminder_step_history"."outcome" in ('planned', 'sent', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "reminder_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_key" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"action_id" uuid,
	"kind" text NOT NULL,
	"step_key" text,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"assigned_to" uuid,
	"completed_by" uuid,
	"completed_at" timestamp with time zone,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_tasks_kind" CHECK ("reminder_tasks"."kind" in ('phone', 'manual', 'approval', 'unreachable', 'reconcile', 'failed')),
	CONSTRAINT "reminder_tasks_status" CHECK ("reminder_tasks"."status" in ('open', 'done', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "customer_scenario_overrides" ADD CONSTRAINT "customer_scenario_overrides_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_scenario_overrides" ADD CONSTRAINT "customer_scenario_overrides_scenario_id_reminder_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."reminder_scenarios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_scenario_overrides" ADD CONSTRAINT "customer_scenario_overrides_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_reminder_holds" ADD CONSTRAINT "invoice_reminder_holds_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "late_payment_rates" ADD CONSTRAINT "late_payment_rates_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_action_invoices" ADD CONSTRAINT "reminder_action_invoices_action_id_reminder_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."reminder_actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_action_invoices" ADD CONSTRAINT "reminder_action_invoices_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_actions" ADD CONSTRAINT "reminder_actions_entity_id_creditor_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."creditor_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_actions" ADD CONSTRAINT "reminder_actions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_actions" ADD CONSTRAINT "reminder_actions_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_actions" ADD CONSTRAINT "reminder_actions_scenario_id_reminder_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."reminder_scenarios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_assignment_rules" ADD CONSTRAINT "reminder_assignment_rules_entity_id_creditor_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."creditor_entities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_assignment_rules" ADD CONSTRAINT "reminder_assignment_rules_scenario_id_reminder_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."reminder_scenarios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ADD CONSTRAINT "reminder_deliveries_action_id_reminder_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."reminder_actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ADD CONSTRAINT "reminder_deliveries_outbox_message_id_outbox_messages_id_fk" FOREIGN KEY ("outbox_message_id") REFERENCES "public"."outbox_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_runs" ADD CONSTRAINT "reminder_runs_entity_id_creditor_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."creditor_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_runs" ADD CONSTRAINT "reminder_runs_requested_by_staff_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_scenario_versions" ADD CONSTRAINT "reminder_scenario_versions_scenario_id_reminder_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."reminder_scenarios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_scenario_versions" ADD CONSTRAINT "reminder_scenario_versions_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_scenarios" ADD CONSTRAINT "reminder_scenarios_entity_id_creditor_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."creditor_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_settings" ADD CONSTRAINT "reminder_settings_entity_id_creditor_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."creditor_entities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_settings" ADD CONSTRAINT "reminder_settings_default_scenario_id_reminder_scenarios_id_fk" FOREIGN KEY ("default_scenario_id") REFERENCES "public"."reminder_scenarios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_step_history" ADD CONSTRAINT "reminder_step_history_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_tasks" ADD CONSTRAINT "reminder_tasks_entity_id_creditor_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."creditor_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_tasks" ADD CONSTRAINT "reminder_tasks_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_tasks" ADD CONSTRAINT "reminder_tasks_action_id_reminder_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."reminder_actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_tasks" ADD CONSTRAINT "reminder_tasks_assigned_to_staff_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_tasks" ADD CONSTRAINT "reminder_tasks_completed_by_staff_users_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoice_reminder_holds_invoice_idx" ON "invoice_reminder_holds" USING btree ("invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "late_payment_rates_kind_from" ON "late_payment_rates" USING btree ("kind","effective_from");--> statement-breakpoint
CREATE INDEX "reminder_action_invoices_invoice_idx" ON "reminder_action_invoices" USING btree ("invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_actions_action_key" ON "reminder_actions" USING btree ("action_key");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_actions_customer_step_period_key" ON "reminder_actions" USING btree ("customer_id","step_key","period_key");--> statement-breakpoint
CREATE INDEX "reminder_actions_customer_idx" ON "reminder_actions" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "reminder_actions_status_idx" ON "reminder_actions" USING btree ("status","planning_date");--> statement-breakpoint
CREATE INDEX "reminder_actions_entity_date_idx" ON "reminder_actions" USING btree ("entity_id","planning_date");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_assignment_rules_position" ON "reminder_assignment_rules" USING btree ("entity_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_deliveries_action_key" ON "reminder_deliveries" USING btree ("action_id");--> statement-breakpoint
CREATE INDEX "reminder_deliveries_provider_message_idx" ON "reminder_deliveries" USING btree ("provider","provider_message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_runs_run_key" ON "reminder_runs" USING btree ("run_key");--> statement-breakpoint
CREATE INDEX "reminder_runs_created_idx" ON "reminder_runs" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_scenario_versions_key" ON "reminder_scenario_versions" USING btree ("scenario_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_scenarios_entity_key" ON "reminder_scenarios" USING btree ("entity_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_step_history_key" ON "reminder_step_history" USING btree ("invoice_id","step_key","on");--> statement-breakpoint
CREATE INDEX "reminder_step_history_customer_idx" ON "reminder_step_history" USING btree ("customer_id","on");--> statement-breakpoint
CREATE INDEX "reminder_step_history_action_idx" ON "reminder_step_history" USING btree ("action_key");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_tasks_task_key" ON "reminder_tasks" USING btree ("task_key");--> statement-breakpoint
CREATE INDEX "reminder_tasks_open_idx" ON "reminder_tasks" USING btree ("entity_id","status","due_on");--> statement-breakpoint
CREATE INDEX "reminder_tasks_customer_idx" ON "reminder_tasks" USING btree ("customer_id");