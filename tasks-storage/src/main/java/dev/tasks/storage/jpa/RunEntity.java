package dev.tasks.storage.jpa;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunEnvironment;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.RunStatus;
import dev.tasks.domain.task.TaskId;
import dev.tasks.storage.json.JsonColumns;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A run row. {@code output} is SQL NULL for JSON null; state and manifest are never null. */
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
        return new Run(new RunId(id), new TaskId(taskId), new ProjectId(projectId), stage, branch,
                RunStatus.fromWire(status), RunEnvironment.fromWire(environment), errorMessage,
                JsonColumns.read(output), JsonColumns.readObject(state), JsonColumns.readManifest(artifacts),
                createdAt, updatedAt, completedAt);
    }
}
