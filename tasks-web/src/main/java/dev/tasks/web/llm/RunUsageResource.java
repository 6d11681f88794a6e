package dev.tasks.web.llm;

import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.llm.ModelCalls;
import dev.tasks.domain.llm.ModelCalls.ModelTotal;
import dev.tasks.domain.llm.ModelUsage;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.web.http.PathIds;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import dev.tasks.web.runs.RunLookup;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/projects/{project_id}/tasks/{task_id}/runs/{run_id}/usage/} (this service's own):
 * what the run's agent asked of the model through the gateway: requests and tokens in all, and per
 * model (the {@value #MAX_MODELS} most used).
 */
@RequestScoped
@Path("projects/{project_id}/tasks/{task_id}/runs/{run_id}/usage")
public class RunUsageResource {

    /** The most models listed for one run. */
    static final int MAX_MODELS = 50;

    @Inject
    RequestContext context;

    @Inject
    RunLookup lookup;

    @Inject
    ModelCalls calls;

    @GET
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.READ)
    @Transactional(Transactional.TxType.REQUIRED)
    public Map<String, Object> usage(@PathParam("task_id") String taskId, @PathParam("run_id") String runId) {
        Run run = lookup.run(context.project(), context.caller(), PathIds.taskOfRun(taskId), PathIds.run(runId),
                TaskAccess.RUN_READ);
        ModelTotal all = calls.total(run.id());
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelTotal total : calls.totals(run.id(), MAX_MODELS)) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("model", total.model());
            model.put("requests", total.requests());
            model.putAll(tokens(total.usage()));
            models.add(model);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("run_id", run.id().toString());
        view.put("requests", all.requests());
        view.putAll(tokens(all.usage()));
        view.put("models", models);
        return view;
    }

    private static Map<String, Object> tokens(ModelUsage usage) {
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("input_tokens", usage.inputTokens());
        tokens.put("output_tokens", usage.outputTokens());
        tokens.put("cache_creation_input_tokens", usage.cacheCreationInputTokens());
        tokens.put("cache_read_input_tokens", usage.cacheReadInputTokens());
        return tokens;
    }
}
