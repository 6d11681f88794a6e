-- Slack thread mappings (cloud.md §6.1): a thread tied to a task and optionally one of its runs.
create table slack_thread (
    id uuid primary key,
    task_id uuid not null references task (id),
    integration_id bigint not null references integration (id) on delete cascade,
    channel varchar(64) not null,
    thread_ts varchar(64) not null,
    slack_workspace_id varchar(64),
    task_run_id uuid references task_run (id),
    mentioning_slack_user_id varchar(64),
    created_at timestamp(6) with time zone not null,
    updated_at timestamp(6) with time zone not null,
    constraint slack_thread_unique unique (integration_id, channel, thread_ts)
);
create index slack_thread_task on slack_thread (task_id, updated_at);
