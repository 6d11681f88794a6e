-- Per-run secrets (runs.md §5.4): the caller's GitHub token of a user-authored cloud run, sealed
-- with AES-GCM under a key derived from the server secret; never returned by the API.
create table run_secret (
    run_id uuid primary key references task_run (id),
    github_user_token ${bytes} not null,
    created_at timestamp(6) with time zone not null
);
-- Tokens expire after six hours at the latest.
create index run_secret_created on run_secret (created_at);
