-- The job runner claims the oldest due queued jobs (order by id): a partial index over queued rows only keeps the
-- claim from walking every finished job (issue 5: 10,000 send jobs among tens of thousands done).
CREATE INDEX "jobs_queued_idx" ON "jobs" USING btree ("id") WHERE "jobs"."status" = 'queued';
