package dev.tasks.storage.jdbc;

import dev.tasks.domain.run.EntryKind;
import dev.tasks.domain.run.EntryText;
import dev.tasks.domain.run.LogEntry;
import dev.tasks.domain.run.RunEntries.NewEntry;

/** Entries as the agent appends them (event type and timestamp derived by the domain) and as the server does. */
final class Entries {

    private Entries() {
    }

    /** An agent entry that is no notification: event type {@code ""}, no timestamp. */
    static NewEntry text(String words) {
        return LogEntry.of(EntryText.of("{\"type\":\"text\",\"text\":\"" + words + "\"}"), null, null, null)
                .toNewEntry();
    }

    /**
     * An agent notification whose event type is {@code type}: a {@code _posthog/...} method, or else a
     * {@code session/update} kind; {@code timestamp} as sent, or null for none.
     */
    static NewEntry notification(String type, String timestamp) {
        boolean method = type.startsWith("_posthog/");
        String notification = method ? "{\"method\":\"" + type + "\"}"
                : "{\"method\":\"session/update\",\"params\":{\"update\":{\"sessionUpdate\":\"" + type + "\"}}}";
        String text = "{\"type\":\"notification\"" + (timestamp == null ? "" : ",\"timestamp\":\"" + timestamp + "\"")
                + ",\"notification\":" + notification + "}";
        return LogEntry.of(EntryText.of(text), method ? type : "session/update", method ? null : type, timestamp)
                .toNewEntry();
    }

    /** The server's snapshot of a run that reached {@code status}. */
    static NewEntry runState(String status) {
        String text = "{\"type\":\"task_run_state\",\"status\":\"" + status + "\"}";
        return new NewEntry(EntryKind.EVENT, EntryText.of(text), "task_run_state", null);
    }
}
