-- Computed repository-readiness answers (readiness.md §6), shared by every instance.
create table readiness_cache (
    cache_key varchar(600) primary key,
    body ${text} not null,
    expires_at timestamp(6) with time zone not null
);
create index readiness_cache_expires on readiness_cache (expires_at);
