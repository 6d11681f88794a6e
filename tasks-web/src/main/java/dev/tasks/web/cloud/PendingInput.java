package dev.tasks.web.cloud;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tasks.web.http.Fields;
import dev.tasks.web.http.Fields.Text;
import java.util.List;

/**
 * The first message of a cloud run and the artifacts it names, as {@code tasks/{id}/run/} and
 * {@code runs/{id}/start/} read them (docs/cloud-runs.md#starting-a-created-run,
 * docs/runs.md#starting-a-new-cloud-run).
 *
 * @param message null when absent
 * @param artifactIds null when absent
 */
record PendingInput(String message, List<String> artifactIds) {

    /** The longest artifact id a new run may name. */
    static final int MAX_ARTIFACT_ID_LENGTH = 128;

    static PendingInput read(Fields fields) {
        String message = fields.string("pending_user_message", Text.of(Fields.UNLIMITED).blankAllowed().nullAllowed())
                .orElse(null);
        ArrayNode ids = fields.list("pending_user_artifact_ids", true, true).orElse(null);
        return new PendingInput(message, ids == null ? null
                : fields.strings("pending_user_artifact_ids", ids, Text.of(MAX_ARTIFACT_ID_LENGTH)));
    }
}
