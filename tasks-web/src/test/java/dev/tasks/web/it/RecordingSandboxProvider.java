package dev.tasks.web.it;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.sandbox.Sandbox;
import dev.tasks.domain.sandbox.SandboxProvider;
import dev.tasks.domain.sandbox.SandboxRequest;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A sandbox provider for {@link SandboxProviderIT}, packed into its WAR and selected by name: it
 * accepts one environment, refuses the first start of a run whose prompt asks for it, and otherwise
 * returns a sandbox whose connect token spells out the request it was given, so the test reads
 * back, through the run's state, what the service asked for.
 */
public final class RecordingSandboxProvider implements SandboxProvider {

    static final String NAME = "recording";
    static final UUID ACCEPTED_ENVIRONMENT = UUID.fromString("e0000000-0000-4000-8000-000000000001");
    static final String FAIL_ONCE = "fail once";

    private static final Set<RunId> FAILED_ONCE = ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Sandbox create(SandboxRequest request) {
        if (FAIL_ONCE.equals(request.pendingUserMessage()) && FAILED_ONCE.add(request.run())) {
            throw new SandboxException("transient refusal");
        }
        return new Sandbox("sb-" + request.run(), "http://127.0.0.1:9/agent/" + request.run(), describe(request));
    }

    /** The request as {@code key=value} pairs separated by {@code ;}. */
    static String describe(SandboxRequest request) {
        return "project=" + request.project() + ";task=" + request.task() + ";repository=" + request.repository()
                + ";branch=" + request.branch() + ";mode=" + request.mode() + ";adapter=" + request.runtimeAdapter()
                + ";model=" + request.model() + ";effort=" + request.reasoningEffort()
                + ";permission=" + request.initialPermissionMode() + ";message=" + request.pendingUserMessage()
                + ";artifacts=" + request.artifacts().stream().map(ArtifactEntry::id)
                .collect(Collectors.joining(","))
                + ";resume=" + request.resumeFromRunId() + ";snapshot=" + request.snapshotExternalId()
                + ";environment=" + request.sandboxEnvironmentId() + ";handoff=" + request.handoffResumed();
    }

    @Override
    public void destroy(String sandboxId) {
        // Nothing was really provisioned.
    }

    @Override
    public boolean isEnvironmentAccessible(ProjectId project, UserId user, UUID environment) {
        return ACCEPTED_ENVIRONMENT.equals(environment);
    }
}
