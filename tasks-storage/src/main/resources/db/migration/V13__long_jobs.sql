-- A second job table of the same shape for jobs that wait minutes on a peer (run.message on an
-- agent's turn, run.start on a sandbox provider): their own scheduler and workers, so that a few long
-- ones never hold up completions, teardowns and Slack posts, which keep scheduled_tasks to themselves.
create table scheduled_long_tasks (
    task_name varchar(100) not null,
    task_instance varchar(100) not null,
    task_data ${bytes},
    execution_time timestamp(6) with time zone not null,
    picked boolean not null,
    picked_by varchar(50),
    last_success timestamp(6) with time zone,
    last_failure timestamp(6) with time zone,
    consecutive_failures integer,
    last_heartbeat timestamp(6) with time zone,
    version bigint not null,
    priority smallint,
    primary key (task_name, task_instance)
);
create index scheduled_long_tasks_execution_time on scheduled_long_tasks (execution_time);
create index scheduled_long_tasks_last_heartbeat on scheduled_long_tasks (last_heartbeat);
create index scheduled_long_tasks_priority_execution_time on scheduled_long_tasks (priority desc, execution_time asc);
-- Jobs of those kinds waiting to run move with their kind (all instances are stopped to upgrade).
insert into scheduled_long_tasks select * from scheduled_tasks
    where task_name in ('run.message', 'run.start') and picked = false;
delete from scheduled_tasks where task_name in ('run.message', 'run.start') and picked = false;
