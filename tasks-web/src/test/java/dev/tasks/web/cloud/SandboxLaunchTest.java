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
import dev.tasks.web.cloud.CloudRunJobs.Launch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code run.start}: what each attempt does with the provider's answer (docs/cloud-runs.md#starting-the-sandbox). */
class SandboxLaunchTest {

    private static final RunId RUN = RunId.random();
    private static final UserId USER = new UserId(7);
    private static final String API = "http://127.0.0.1:8000";
    private static final String REQUEST = "request " + API;

    private final List<String> calls = new ArrayList<>();

    /** The run's transactions, recorded; {@code awaiting} says whether the run still wants a sandbox. */
    private CloudRunJobs runs(boolean awaiting) {
        return new CloudRunJobs() {
            @Override
            public Optional<Launch> launch(RunId id, UserId startedBy, String apiUrl) {
                calls.add("request " + apiUrl);
                return Optional.of(new Launch(new SandboxRequest(new ProjectId(1), new TaskId(UUID.randomUUID()), id,
                        "acme/web", "main", "background", null, null, null, null, null, List.of(), null, null, null,
                        null, null, false, Map.of("IS_SANDBOX", "1"), Duration.ofHours(6)), "kid-1"));
            }

            @Override
            public void revokeSandboxKey(RunId id) {
                calls.add("revoke");
            }

            @Override
            public boolean sandboxReady(RunId id, Sandbox sandbox, String keyId) {
                calls.add("ready " + sandbox.id() + " " + keyId);
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
        service(runs(true), provider(null)).launch(RUN, USER, API, new JobAttempt(1, 3));
        assertEquals(List.of(REQUEST, "create acme/web", "ready sb-1 kid-1"), calls);
    }

    @Test
    void aFailedAttemptBeforeTheLastIsThrownBackToBeRetried() {
        var refusal = new SandboxProvider.SandboxException("quota exceeded");
        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> service(runs(true), provider(refusal)).launch(RUN, USER, API, new JobAttempt(2, 3)));
        assertSame(refusal, thrown);
        assertEquals(List.of(REQUEST, "create acme/web", "revoke"), calls, "the run is left as it is; the key goes");
    }

    @Test
    void theLastFailedAttemptFailsTheRunWithTheProvidersReason() {
        service(runs(true), provider(new SandboxProvider.SandboxException("quota exceeded")))
                .launch(RUN, USER, API, new JobAttempt(3, 3));
        assertEquals(List.of(REQUEST, "create acme/web", "revoke", "failed quota exceeded"), calls);
    }

    @Test
    void aSandboxForARunThatNoLongerWantsOneIsReleased() {
        service(runs(false), provider(null)).launch(RUN, USER, API, new JobAttempt(1, 3));
        assertEquals(List.of(REQUEST, "create acme/web", "ready sb-1 kid-1", "destroy sb-1", "revoke"), calls);
    }

    @Test
    void aRunThatNeedsNoSandboxIsLeftAlone() {
        CloudRunJobs nothingToStart = new CloudRunJobs() {
            @Override
            public Optional<Launch> launch(RunId id, UserId startedBy, String apiUrl) {
                calls.add("request " + apiUrl);
                return Optional.empty();
            }
        };
        service(nothingToStart, provider(null)).launch(RUN, USER, API, new JobAttempt(1, 3));
        assertEquals(List.of(REQUEST), calls);
    }
}
