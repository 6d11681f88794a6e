package dev.tasks.domain.sandbox;

import dev.tasks.domain.shared.InvalidValueException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command for a run whose sandbox is not up (docs/cloud-runs.md#forwarded-commands): there is no agent to send it to.
 */
public final class SandboxNotReady extends InvalidValueException {

    private static final long serialVersionUID = 1L;

    public SandboxNotReady() {
        super(null, "No active sandbox for this task run");
    }

    @Override
    public Map<String, Object> facts() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("type", "runtime_unavailable");
        facts.put("code", "sandbox_not_ready");
        return facts;
    }
}
