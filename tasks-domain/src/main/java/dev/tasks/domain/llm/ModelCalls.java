package dev.tasks.domain.llm;

import dev.tasks.domain.run.RunId;
import java.util.List;

/** The model calls of runs, as the gateway recorded them. */
public interface ModelCalls {

    void record(ModelCall call);

    /** All of a run's calls summed (the model is null). */
    ModelTotal total(RunId run);

    /** A run's calls summed per model, the most used first; at most {@code limit} models. */
    List<ModelTotal> totals(RunId run, int limit);

    /** What a run's calls to one model add up to. */
    record ModelTotal(String model, long requests, ModelUsage usage) {
    }
}
