-- Each run's append-only sequence of entries (logs-and-stream.md §1). seq comes from task_run.last_seq,
-- taken under the run's row lock, so numbers are gap-free and become visible in order.
create table run_entry (
    run_id uuid not null references task_run (id),
    seq bigint not null,
    kind varchar(5) not null,
    body ${text} not null,
    event_type ${text} not null,
    entry_ts timestamp(6) with time zone,
    created_at timestamp(6) with time zone not null,
    primary key (run_id, seq)
);
-- Retention deletes by age across all runs.
create index run_entry_created on run_entry (created_at);
