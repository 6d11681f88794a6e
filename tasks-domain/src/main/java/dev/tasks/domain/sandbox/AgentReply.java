package dev.tasks.domain.sandbox;

import dev.tasks.domain.shared.Unavailable;

/**
 * How a call to a run's agent server ended (docs/cloud-runs.md#outcomes-and-timeouts): an HTTP answer, or no answer at
 * all. {@link #commandResult()} turns it into what {@code command/} reports: the agent's JSON body of a 2xx
 * answer verbatim (a JSON-RPC {@code error} included), else a refusal naming the failure.
 */
public sealed interface AgentReply {

    /**
     * The agent answered.
     *
     * @param error the string {@code error} member of a JSON object body, or null
     */
    record Answered(int status, byte[] body, String error) implements AgentReply {
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /** The connection was refused or reset, or the host is unknown. */
    record Unreachable() implements AgentReply {
    }

    /** No answer within the time limit. */
    record TimedOut() implements AgentReply {
    }

    /** Anything else went wrong (the cause is logged by the adapter, never reported). */
    record Failed() implements AgentReply {
    }

    /** The agent's body of a successful answer; otherwise the {@link Unavailable} the API reports. */
    default byte[] commandResult() {
        return switch (this) {
            case Answered answered when answered.isSuccess() -> answered.body();
            case Answered answered when answered.error() != null -> throw Unavailable.of(answered.error());
            case Answered answered -> throw Unavailable.of(switch (answered.status()) {
                case 401 -> "Agent server authentication failed";
                case 400 -> "Agent server rejected the command";
                default -> "Agent server returned " + answered.status();
            });
            case Unreachable unreachable -> throw Unavailable.of("Agent server is not reachable");
            case TimedOut timedOut -> throw Unavailable.timedOut("Agent server request timed out");
            case Failed failed -> throw Unavailable.of("Failed to send command to agent server");
        };
    }
}
