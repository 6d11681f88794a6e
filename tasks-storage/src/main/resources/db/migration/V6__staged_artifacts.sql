-- Artifacts staged on a task before its next run exists (artifacts.md §3): one record per task and
-- artifact id, holding the manifest entry, until the next run takes it or it expires (24 h).
create table staged_artifact (
    task_id uuid not null references task (id),
    artifact_id varchar(128) not null,
    entry ${text} not null,
    expires_at timestamp(6) with time zone not null,
    primary key (task_id, artifact_id)
);
create index staged_artifact_expires on staged_artifact (expires_at);
