-- A task list counts the project's tasks the viewer may see before it reads a page. With every column
-- of that filter in one index (project, deleted, origin, creator), PostgreSQL counts from the index
-- alone (an index-only scan) instead of visiting each task row.
create index task_project_visibility on task (project_id, deleted, origin_product, created_by_id);
