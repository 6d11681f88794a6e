package dev.tasks.web.cloud;

import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.RunJobs;
import dev.tasks.domain.run.RunStatus;
import dev.tasks.domain.sandbox.AgentCommand;
import dev.tasks.domain.sandbox.AgentServers;
import dev.tasks.domain.sandbox.CommandMethod;
import dev.tasks.domain.sandbox.SandboxProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code run.complete} job (docs/cloud-runs.md#completing-a-run): the run's status is settled, its sandbox released
 * (the agent told to {@code cancel} first when the run was cancelled), and everything the run held
 * given back: its sandbox key, its GitHub token, its pending messages. Each step is idempotent, so a
 * repeated job changes nothing.
 */
@ApplicationScoped
public class RunCompletion {

    /** How long the agent gets to take a {@code cancel} before its sandbox goes. */
    static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    CloudRunJobs jobs;

    @Inject
    SandboxProvider sandboxes;

    @Inject
    AgentServers agents;

    @Inject
    AgentCommands commands;

    @Inject
    AgentConnections connections;

    public void complete(RunId id, RunStatus status, RunJobs.Reason reason) {
        Optional<Run> settled = jobs.settle(id, status);
        if (settled.isEmpty()) {
            return;
        }
        Run run = settled.get();
        if (run.sandboxId() != null) {
            if (reason == RunJobs.Reason.CANCEL) {
                tellAgentToCancel(run);
            }
            sandboxes.destroy(run.sandboxId());
        }
        jobs.released(id);
    }

    /** Rule 2: a {@code cancel} for the agent, with a token for the user who started the run; failures are ignored. */
    private void tellAgentToCancel(Run run) {
        URI agent;
        try {
            agent = commands.agentOf(run);
        } catch (RuntimeException noAgent) {
            return;
        }
        jobs.starterOf(run).ifPresent(starter -> agents.send(agent, AgentCommands.connectToken(run),
                connections.token(run, starter), new AgentCommand(CommandMethod.CANCEL, Map.of(), null).envelope(),
                CANCEL_TIMEOUT).join());
    }
}
