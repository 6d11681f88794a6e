package dev.tasks.storage.jpa;

import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.ProjectSettings;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "project")
class ProjectEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    String name;
    @Column(name = "proactive_tasks_enabled")
    boolean proactiveTasksEnabled;
    @Column(name = "session_recording_opt_in")
    boolean sessionRecordingOptIn;
    @Column(name = "autocapture_exceptions_opt_in")
    boolean autocaptureExceptionsOptIn;
    @Column(name = "created_at")
    Instant createdAt;

    protected ProjectEntity() {
    }

    Project toDomain() {
        return new Project(new ProjectId(id), name,
                new ProjectSettings(proactiveTasksEnabled, sessionRecordingOptIn, autocaptureExceptionsOptIn),
                createdAt);
    }

    void copy(String newName, ProjectSettings settings) {
        name = newName;
        proactiveTasksEnabled = settings.proactiveTasksEnabled();
        sessionRecordingOptIn = settings.sessionRecordingOptIn();
        autocaptureExceptionsOptIn = settings.autocaptureExceptionsOptIn();
    }
}
