package dev.tasks.web.cloud;

import dev.tasks.domain.identity.IntegrationKind;
import dev.tasks.domain.identity.Integrations;
import dev.tasks.domain.identity.User;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.identity.Users;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunChanges;
import dev.tasks.domain.run.RunEntries;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.RunSecrets;
import dev.tasks.domain.run.RunStatus;
import dev.tasks.domain.run.Runs;
import dev.tasks.domain.sandbox.AgentEnvironment;
import dev.tasks.domain.sandbox.ConnectionTokens;
import dev.tasks.domain.sandbox.QueuedMessage;
import dev.tasks.domain.sandbox.RunMessages;
import dev.tasks.domain.sandbox.Sandbox;
import dev.tasks.domain.sandbox.SandboxRequest;
import dev.tasks.domain.sandbox.VerificationKey;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.Tasks;
import dev.tasks.web.runs.RunEvents;
import dev.tasks.web.runs.RunUpdates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The transactions of the cloud-run jobs (docs/cloud-runs.md#jobs): each takes the run's row lock, checks that
 * the run still wants what the job brings, and saves the change with its state event. Idempotent: a
 * second execution changes nothing.
 */
@ApplicationScoped
@Transactional
public class CloudRunJobs {

    private static final Logger LOG = Logger.getLogger(CloudRunJobs.class.getName());

    @Inject
    Runs runs;

    @Inject
    Tasks tasks;

    @Inject
    RunEntries entries;

    @Inject
    RunSecrets secrets;

    @Inject
    RunUpdates updates;

    @Inject
    RunMessages messages;

    @Inject
    SandboxKeys sandboxKeys;

    @Inject
    ConnectionTokens tokens;

    @Inject
    Integrations integrations;

    @Inject
    CloudSettings settings;

    @Inject
    Users users;

    @Inject
    Clock clock;

    /** What a {@code run.start} attempt asks the provider for, and the signing key its sandbox is given. */
    public record Launch(SandboxRequest request, String keyId) {
    }

    /**
     * {@code run.start} rules 1–2: while the run is a cloud run that has not begun and its task is
     * still there for the user who started it, mints the run's sandbox key (committed before the
     * provider is called, so the agent can use it at once) and builds the provider's request with the
     * agent's environment.
     *
     * @param apiUrl {@code TASKS_PUBLIC_URL}, or the base URL the run was started through
     */
    public Optional<Launch> launch(RunId id, UserId startedBy, String apiUrl) {
        Optional<Run> locked = runs.lock(id).filter(Run::awaitsSandbox);
        if (locked.isEmpty()) {
            return Optional.empty();
        }
        Run run = locked.get();
        Optional<Task> task = tasks.find(run.project(), run.task(), startedBy, TaskAccess.RUN_CONTROL);
        if (task.isEmpty()) {
            return Optional.empty();
        }
        Instant now = Timestamps.now(clock);
        sandboxKeys.revoke(run.id());
        String key = sandboxKeys.mint(run, startedBy, now);
        VerificationKey signing = tokens.primary();
        String projectGithub = integrations.first(run.project(), IntegrationKind.GITHUB)
                .flatMap(github -> github.secret("access_token")).orElse(null);
        Map<String, String> environment = AgentEnvironment.of(run, new AgentEnvironment.Inputs(
                apiUrl, key, signing.publicKeyPem(), secrets.githubToken(run.id()).orElse(null),
                projectGithub, settings.llmGatewayUrl().orElse(null)));
        return Optional.of(new Launch(SandboxRequest.of(task.get(), run, environment, settings.sandboxTtl()),
                signing.keyId()));
    }

    /** An attempt that got no sandbox, or a sandbox nobody wants any more, leaves no key behind. */
    public void revokeSandboxKey(RunId id) {
        sandboxKeys.revoke(id);
    }

    /**
     * {@code run.start} rule 3: records the sandbox, the key it verifies tokens with and its start time
     * in the state, with a state and a console event; false when the run no longer awaits one (the
     * caller releases it).
     */
    public boolean sandboxReady(RunId id, Sandbox sandbox, String keyId) {
        Optional<Run> locked = runs.lock(id).filter(Run::acceptsSandbox);
        if (locked.isEmpty()) {
            return false;
        }
        Run run = updates.save(locked.get().inSandbox(sandbox.id(), sandbox.url(), sandbox.connectToken(), keyId,
                Timestamps.now(clock)));
        entries.append(id, List.of(RunEvents.console(run, "info", "Sandbox ready")), run.updatedAt());
        return true;
    }

    /**
     * {@code run.start} rule 4, after its last attempt: the run fails with {@link Run#SANDBOX_FAILURE},
     * and the provider's own message goes to the stream as a console event of level {@code error}.
     */
    public void sandboxFailed(RunId id, String providerMessage) {
        Optional<Run> locked = runs.lock(id).filter(Run::acceptsSandbox);
        if (locked.isPresent()) {
            Run run = updates.save(locked.get().failedToStart(Timestamps.now(clock)));
            entries.append(id, List.of(RunEvents.console(run, "error", providerMessage)), run.updatedAt());
        }
    }

    /**
     * {@code run.complete} rule 1: sets the requested status unless the run already ended, with its
     * state event; the run as it is now.
     */
    public Optional<Run> settle(RunId id, RunStatus status) {
        Optional<Run> locked = runs.lock(id);
        if (locked.isEmpty() || status == null || locked.get().status().isTerminal()) {
            return locked;
        }
        return Optional.of(updates.save(locked.get().apply(RunChanges.status(status), Timestamps.now(clock))));
    }

    /**
     * {@code run.complete} rules 2–3, once the sandbox is destroyed: the agent's address leaves the
     * state (with a {@code Sandbox released} console event), and the run's sandbox key, GitHub token
     * and pending messages go.
     */
    public void released(RunId id) {
        Optional<Run> locked = runs.lock(id);
        if (locked.isEmpty()) {
            return;
        }
        Instant now = Timestamps.now(clock);
        Run run = locked.get();
        Run released = run.sandboxReleased(now);
        if (released != run) {
            updates.save(released);
            entries.append(id, List.of(RunEvents.console(released, "info", "Sandbox released")), now);
        }
        sandboxKeys.revoke(id);
        secrets.delete(id);
        messages.cancelPending(id, now);
    }

    /** The user who started the run's sandbox: the owner of its sandbox key. */
    public Optional<User> starterOf(Run run) {
        return sandboxKeys.owner(run.id()).flatMap(users::find);
    }

    /** A pending message, the run it is for, and its author, as {@code run.message} needs them. */
    public record Delivery(QueuedMessage message, Run run, User author) {
    }

    /**
     * {@code run.message} (docs/cloud-runs.md#queued-user-messages): the message to deliver now, if it is still
     * pending. A message whose run has ended, whose author is gone or whose delivery window has passed is closed
     * here and never delivered.
     */
    public Optional<Delivery> messageToDeliver(long sequence) {
        Optional<QueuedMessage> found = messages.find(sequence).filter(m -> m.status() == QueuedMessage.Status.PENDING);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        QueuedMessage message = found.get();
        Instant now = Timestamps.now(clock);
        Optional<Run> run = runs.lock(message.run());
        if (run.isEmpty() || !run.get().takesMessages()) {
            LOG.info(() -> "A message for run " + message.run() + " is dropped: the run has ended");
            messages.finish(sequence, QueuedMessage.Status.CANCELLED, now);
            return Optional.empty();
        }
        Optional<User> author = users.find(message.author());
        if (author.isEmpty() || message.isExpired(now)) {
            messageFailed(message, run.get(), "A message could not be delivered to the agent in time");
            return Optional.empty();
        }
        return Optional.of(new Delivery(message, run.get(), author.get()));
    }

    /** Records a delivered message. */
    public void messageDelivered(QueuedMessage message) {
        messages.finish(message.sequence(), QueuedMessage.Status.DELIVERED, Timestamps.now(clock));
    }

    /**
     * Records a message the agent refused for good, with a console event of level {@code error}
     * (docs/cloud-runs.md#queued-user-messages).
     */
    public void messageRefused(QueuedMessage message, String reason) {
        runs.lock(message.run()).ifPresent(run -> messageFailed(message, run, reason));
    }

    private void messageFailed(QueuedMessage message, Run run, String reason) {
        Instant now = Timestamps.now(clock);
        messages.finish(message.sequence(), QueuedMessage.Status.FAILED, now);
        entries.append(run.id(), List.of(RunEvents.console(run, "error", reason)), now);
    }
}
