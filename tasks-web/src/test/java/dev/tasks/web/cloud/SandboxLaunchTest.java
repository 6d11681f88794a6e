package dev.tasks.web.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.job.JobAttempt;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.sandbox.Sandbox;
import dev.tasks.domain.sandbox.SandboxProvider;
import dev.tasks.domain.sandbox.SandboxRequest;
import dev.tasks.domain.task.TaskId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** cloud.md §2.3 {@code run.start}: what each attempt does with the provider's answer. */
class SandboxLaunchTest {

    private static final RunId RUN = RunId.random();
    private static final UserId USER = new UserId(7);

    private final List<String> calls = new ArrayList<>();

    /** The run's transactions, recorded; {@code awaiting} says whether the run still wants a sandbox. */
    private CloudRunJobs runs(boolean awaiting) {
        return new CloudRunJobs() {
            @Override
            public Optional<SandboxRequest> sandboxRequest(RunId id, UserId startedBy) {
                calls.add("request");
                return Optional.of(new SandboxRequest(new ProjectId(1), new TaskId(UUID.randomUUID()), id, "acme/web",
                        "main", "background", null, null, null, null, null, List.of(), null, null, null, null, null,
                        false));
            }

            @Override
            public boolean sandboxReady(RunId id, Sandbox sandbox) {
                calls.add("ready " + sandbox.id());
                return awaiting;
            }

            @Override
            public void sandboxFailed(RunId id, String providerMessage) {
                calls.add("failed " + providerMessage);
            }
        };
    }

    private SandboxProvider provider(RuntimeException failure) {
        return new SandboxProvider() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public Sandbox create(SandboxRequest request) {
                calls.add("create " + request.repository());
                if (failure != null) {
                    throw failure;
                }
                return new Sandbox("sb-1", "https://sb-1.example", null);
            }

            @Override
            public void destroy(String sandboxId) {
                calls.add("destroy " + sandboxId);
            }

            @Override
            public boolean isEnvironmentAccessible(ProjectId project, UserId user, UUID environment) {
                return false;
            }
        };
    }

    private SandboxLauncher service(CloudRunJobs runs, SandboxProvider provider) {
        var service = new SandboxLauncher();
        service.jobs = runs;
        service.sandboxes = provider;
        return service;
    }

    @Test
    void aSandboxIsRecordedOnTheRun() {
        service(runs(true), provider(null)).launch(RUN, USER, new JobAttempt(1, 3));
        assertEquals(List.of("request", "create acme/web", "ready sb-1"), calls);
    }

    @Test
    void aFailedAttemptBeforeTheLastIsThrownBackToBeRetried() {
        var refusal = new SandboxProvider.SandboxException("quota exceeded");
        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> service(runs(true), provider(refusal)).launch(RUN, USER, new JobAttempt(2, 3)));
        assertSame(refusal, thrown);
        assertEquals(List.of("request", "create acme/web"), calls, "the run is left as it is");
    }

    @Test
    void theLastFailedAttemptFailsTheRunWithTheProvidersReason() {
        service(runs(true), provider(new SandboxProvider.SandboxException("quota exceeded")))
                .launch(RUN, USER, new JobAttempt(3, 3));
        assertEquals(List.of("request", "create acme/web", "failed quota exceeded"), calls);
    }

    @Test
    void aSandboxForARunThatNoLongerWantsOneIsReleased() {
        service(runs(false), provider(null)).launch(RUN, USER, new JobAttempt(1, 3));
        assertEquals(List.of("request", "create acme/web", "ready sb-1", "destroy sb-1"), calls);
    }

    @Test
    void aRunThatNeedsNoSandboxIsLeftAlone() {
        CloudRunJobs nothingToStart = new CloudRunJobs() {
            @Override
            public Optional<SandboxRequest> sandboxRequest(RunId id, UserId startedBy) {
                calls.add("request");
                return Optional.empty();
            }
        };
        service(nothingToStart, provider(null)).launch(RUN, USER, new JobAttempt(1, 3));
        assertEquals(List.of("request"), calls);
    }
}
