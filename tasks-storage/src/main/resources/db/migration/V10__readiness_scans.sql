-- One full readiness scan per project at a time, across instances (readiness refresh limit): a lease
-- row per project, taken by inserting it and given back by deleting it; an expired one is taken over.
create table readiness_scan (
    project_id bigint primary key,
    holder varchar(64) not null,
    expires_at timestamp(6) with time zone not null
);
