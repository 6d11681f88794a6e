package dev.tasks.storage.jpa;

import dev.tasks.domain.task.Task;
import dev.tasks.storage.db.TaskRow;
import dev.tasks.storage.json.JsonColumns;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A task row, read into a {@link Task} through {@link TaskRow}. Associations are plain id columns, joined explicitly
 * in queries (no lazy proxies).
 */
@Entity
@Table(name = "task")
class TaskEntity {
    @Id
    UUID id;
    @Column(name = "project_id")
    long projectId;
    @Column(name = "task_number")
    Integer taskNumber;
    String title;
    @Column(name = "title_manually_set")
    boolean titleManuallySet;
    String description;
    @Column(name = "origin_product")
    String originProduct;
    String repository;
    @Column(name = "github_integration_id")
    Long githubIntegrationId;
    @Column(name = "json_schema")
    String jsonSchema;
    boolean internal;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "updated_at")
    Instant updatedAt;
    @Column(name = "created_by_id")
    Long createdById;
    @Column(name = "ci_prompt")
    String ciPrompt;
    boolean archived;
    @Column(name = "archived_at")
    Instant archivedAt;
    boolean deleted;
    @Column(name = "deleted_at")
    Instant deletedAt;
    @Column(name = "latest_run_id")
    UUID latestRunId;

    protected TaskEntity() {
    }

    TaskEntity(Task task) {
        id = task.id().value();
        projectId = task.project().value();
        createdAt = task.createdAt();
        createdById = task.createdBy() == null ? null : task.createdBy().value();
        taskNumber = task.taskNumber();
        copy(task);
    }

    void copy(Task task) {
        title = task.title();
        titleManuallySet = task.titleManuallySet();
        description = task.description();
        originProduct = task.originProduct().wireName();
        repository = task.repository() == null ? null : task.repository().value();
        githubIntegrationId = task.githubIntegration();
        jsonSchema = JsonColumns.writeNullable(task.jsonSchema());
        internal = task.internal();
        updatedAt = task.updatedAt();
        ciPrompt = task.ciPrompt();
        archived = task.archived();
        archivedAt = task.archivedAt();
        deleted = task.deleted();
        deletedAt = task.deletedAt();
    }

    Task toDomain() {
        return new TaskRow(id, projectId, taskNumber, title, titleManuallySet, description, originProduct, repository,
                githubIntegrationId, jsonSchema, internal, createdAt, updatedAt, createdById, ciPrompt, archived,
                archivedAt, deleted, deletedAt).toDomain();
    }
}
