package dev.tasks.domain.identity;

import java.util.Optional;

/**
 * The project flags that repository readiness reads: proactive tasks (tracking), session recording
 * (computer vision) and exception autocapture (errors).
 */
public record ProjectSettings(boolean proactiveTasksEnabled, boolean sessionRecordingOptIn,
                              boolean autocaptureExceptionsOptIn) {

    public static final ProjectSettings DEFAULT = new ProjectSettings(false, false, false);

    /** These settings with each flag that is present replaced. */
    public ProjectSettings with(Optional<Boolean> proactiveTasks, Optional<Boolean> sessionRecording,
                                Optional<Boolean> autocaptureExceptions) {
        return new ProjectSettings(proactiveTasks.orElse(proactiveTasksEnabled),
                sessionRecording.orElse(sessionRecordingOptIn),
                autocaptureExceptions.orElse(autocaptureExceptionsOptIn));
    }
}
