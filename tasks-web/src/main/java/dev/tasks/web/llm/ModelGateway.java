package dev.tasks.web.llm;

import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.llm.ModelCall;
import dev.tasks.domain.llm.ModelCalls;
import dev.tasks.domain.llm.ModelUsage;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.Runs;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.domain.shared.NotAllowed;
import dev.tasks.domain.shared.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who may call the model through the service, and what is kept of each call: only the sandbox key
 * of a run that has not ended, and per call the model, the provider's status and the tokens it
 * reported, recorded against that run.
 */
@ApplicationScoped
public class ModelGateway {

    static final String SANDBOX_KEYS_ONLY = "Only the key of a cloud run's sandbox may call the model gateway.";
    static final String RUN_ENDED = "The run this sandbox belongs to has ended.";
    private static final Logger LOG = Logger.getLogger(ModelGateway.class.getName());

    @Inject
    Runs runs;

    @Inject
    ModelCalls calls;

    @Inject
    Clock clock;

    /** The run whose agent is calling; 403 for any other key, or once the run has ended. */
    @Transactional(Transactional.TxType.REQUIRED)
    public RunId admit(Caller caller) {
        if (!caller.key().isSandboxKey()) {
            throw new NotAllowed(SANDBOX_KEYS_ONLY);
        }
        Run run = runs.find(new RunId(caller.key().sandbox().run())).orElseThrow(() -> new NotAllowed(RUN_ENDED));
        if (run.status().isTerminal()) {
            throw new NotAllowed(RUN_ENDED);
        }
        return run.id();
    }

    /** Keeps what a call reported; a failure to keep it is logged and never reaches the agent. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(RunId run, String model, int status, ModelUsage usage) {
        try {
            calls.record(new ModelCall(run, model, status, usage, Timestamps.now(clock)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record a model call of run " + run, LogSafe.throwable(e));
        }
    }
}
