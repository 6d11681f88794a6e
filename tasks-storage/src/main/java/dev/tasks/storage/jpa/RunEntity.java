package dev.tasks.storage.jpa;

import dev.tasks.domain.run.Run;
import dev.tasks.storage.db.RunRow;
import dev.tasks.storage.json.JsonColumns;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A run row, read into a {@link Run} through {@link RunRow}. */
@Entity
@Table(name = "task_run")
class RunEntity {
    @Id
    UUID id;
    @Column(name = "task_id")
    UUID taskId;
    @Column(name = "project_id")
    long projectId;
    String stage;
    String branch;
    String status;
    String environment;
    @Column(name = "error_message")
    String errorMessage;
    String output;
    String state;
    String artifacts;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "updated_at")
    Instant updatedAt;
    @Column(name = "completed_at")
    Instant completedAt;
    // last_seq and last_activity_at belong to the entry appender (JdbcRunEntries); never written here.

    protected RunEntity() {
    }

    RunEntity(Run run) {
        id = run.id().value();
        taskId = run.task().value();
        projectId = run.project().value();
        createdAt = run.createdAt();
        copy(run);
    }

    void copy(Run run) {
        stage = run.stage();
        branch = run.branch();
        status = run.status().wireName();
        environment = run.environment().wireName();
        errorMessage = run.errorMessage();
        output = JsonColumns.writeNullable(run.output());
        state = JsonColumns.write(run.state());
        artifacts = JsonColumns.writeManifest(run.artifacts());
        updatedAt = run.updatedAt();
        completedAt = run.completedAt();
    }

    Run toDomain() {
        return new RunRow(id, taskId, projectId, stage, branch, status, environment, errorMessage, output, state,
                artifacts, createdAt, updatedAt, completedAt).toDomain();
    }
}
