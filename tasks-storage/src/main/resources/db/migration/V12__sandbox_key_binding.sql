-- A sandbox key (cloud.md §2.4) is bound to its run's task too, and expires.
alter table personal_api_key add column sandbox_task_id uuid;
alter table personal_api_key add column expires_at timestamp(6) with time zone;
-- Its label is sandbox:<run id>, longer than the 40 characters the key API lets users choose.
alter table personal_api_key alter column label set data type varchar(64);
