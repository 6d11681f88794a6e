package dev.tasks.domain.artifact;

import dev.tasks.domain.shared.InvalidValueException;
import java.util.List;
import java.util.Map;

/**
 * A request names artifacts that are not there: staged artifacts of a new run that do not exist or
 * have expired, or artifacts of a message that are not in the run's manifest. The ids are kept in
 * request order.
 */
public final class MissingArtifacts extends InvalidValueException {

    private static final long serialVersionUID = 1L;
    private static final String DETAIL = "detail";

    private final List<String> ids;
    private final transient String messageKey;

    private MissingArtifacts(String message, List<String> ids, String messageKey) {
        super(null, message);
        this.ids = List.copyOf(ids);
        this.messageKey = messageKey;
    }

    /** Staged artifacts a new run names (docs/runs.md#starting-a-new-cloud-run). */
    public static MissingArtifacts staged(List<String> ids) {
        return new MissingArtifacts("Some pending_user_artifact_ids are invalid or expired", ids, DETAIL);
    }

    /**
     * Artifacts a run's first message names that are not in its manifest ({@code start/},
     * docs/cloud-runs.md#starting-a-created-run).
     */
    public static MissingArtifacts pendingOfRun(List<String> ids) {
        return new MissingArtifacts("Some pending_user_artifact_ids are invalid for this run", ids, DETAIL);
    }

    /**
     * Artifacts a {@code user_message} names that are not in the run's manifest
     * (docs/cloud-runs.md#queued-user-messages).
     */
    public static MissingArtifacts ofRun(List<String> ids) {
        return new MissingArtifacts("Some artifact_ids are invalid for this run", ids, null);
    }

    @Override
    public String messageKey() {
        return messageKey;
    }

    public List<String> ids() {
        return ids;
    }

    @Override
    public Map<String, Object> facts() {
        return Map.of("missing_artifact_ids", ids);
    }
}
