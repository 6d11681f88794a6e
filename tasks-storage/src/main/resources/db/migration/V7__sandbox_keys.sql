-- A sandbox key (cloud.md §2.4) is bound to the run it was minted for; user keys have no run.
alter table personal_api_key add column sandbox_run_id uuid references task_run (id);
