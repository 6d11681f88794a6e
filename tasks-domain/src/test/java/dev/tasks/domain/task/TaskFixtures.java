package dev.tasks.domain.task;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.shared.Change;
import java.time.Instant;
import java.util.UUID;

/** Tasks and changes the task rule tests start from. */
final class TaskFixtures {

    private TaskFixtures() {
    }

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");
    static final UserId ALICE = new UserId(1);
    static final UserId BOB = new UserId(2);

    static Task task(OriginProduct origin, UserId creator) {
        NewTask spec = new NewTask("t", null, "d", origin, null, null, null, false, null, false);
        return Task.create(new TaskId(UUID.randomUUID()), new ProjectId(1), 0, spec, creator, T0);
    }

    static TaskChanges titled(String title) {
        var none = TaskChanges.none();
        return new TaskChanges(Change.to(title), none.titleManuallySet(), none.description(), none.originProduct(),
                none.repository(), none.githubIntegration(), none.jsonSchema(), none.internal(), none.ciPrompt(),
                none.archived());
    }

    static TaskChanges archiving(boolean archived) {
        var none = TaskChanges.none();
        return new TaskChanges(none.title(), none.titleManuallySet(), none.description(), none.originProduct(),
                none.repository(), none.githubIntegration(), none.jsonSchema(), none.internal(), none.ciPrompt(),
                Change.to(archived));
    }
}
