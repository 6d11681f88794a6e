package dev.tasks.domain.run;

import dev.tasks.domain.shared.Change;
import java.util.List;
import java.util.Map;

/**
 * What a PATCH of a run sends (docs/runs.md#updating-a-run); unsent fields are kept.
 *
 * @param state keys to merge into the state, or an empty map
 * @param stateRemoveKeys keys to remove before the merge, or an empty list
 */
public record RunChanges(Change<RunStatus> status, Change<String> branch, Change<String> stage, Change<Object> output,
                         Map<String, Object> state, List<String> stateRemoveKeys, Change<RunEnvironment> environment,
                         Change<String> errorMessage) {

    public RunChanges {
        state = state == null ? Map.of() : state;
        stateRemoveKeys = stateRemoveKeys == null ? List.of() : List.copyOf(stateRemoveKeys);
    }

    /** A change of the status alone (what a job that completes a run applies). */
    public static RunChanges status(RunStatus status) {
        return new RunChanges(Change.to(status), Change.keep(), Change.keep(), Change.keep(), Map.of(), List.of(),
                Change.keep(), Change.keep());
    }
}
