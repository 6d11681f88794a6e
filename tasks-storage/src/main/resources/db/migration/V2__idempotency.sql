-- Idempotency-Key records (beyond.md §2): one per user and key.
create table idempotency_record (
    user_id bigint not null,
    idempotency_key varchar(255) not null,
    fingerprint varchar(64) not null,
    state varchar(20) not null,
    status_code integer,
    content_type varchar(255),
    body ${bytes},
    created_at timestamp(6) with time zone not null,
    primary key (user_id, idempotency_key)
);
create index idempotency_record_created on idempotency_record (created_at);
