package dev.tasks.storage.jpa;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.ProjectSettings;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.identity.Users.NewUser;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunEnvironment;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.task.NewTask;
import dev.tasks.domain.task.OriginProduct;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskId;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Projects, users, tasks and runs stored through the JPA adapters, as the application stores them. */
public final class JpaFixtures {

    private JpaFixtures() {
    }

    /** A new run of a new task, in a new project, created by a new user. */
    public static RunId aRun(TestPersistence persistence, Instant now) {
        return persistence.inTransaction(em -> {
            ProjectId project = aProject(persistence, em, now);
            JpaTasks tasks = tasks(persistence, em);
            var spec = new NewTask("t", null, "d", OriginProduct.USER_CREATED, null, null, null, false, null, false);
            Task task = Task.create(new TaskId(UUID.randomUUID()), project, tasks.nextTaskNumber(project), spec,
                    aUser(persistence, em, now), now);
            tasks.add(task);
            return aRunOf(em, task, now);
        });
    }

    /** A new run of {@code task}, in {@code em}'s transaction. */
    public static RunId aRunOf(EntityManager em, Task task, Instant now) {
        Run run = Run.create(RunId.random(), task.id(), task.project(), RunEnvironment.LOCAL, null, Map.of(), now);
        runs(em).add(run);
        return run.id();
    }

    public static ProjectId aProject(TestPersistence persistence, EntityManager em, Instant now) {
        var projects = new JpaProjects();
        projects.em = em;
        projects.notifications = persistence.notifications();
        return projects.create("Test project", ProjectSettings.DEFAULT, now).id();
    }

    public static UserId aUser(TestPersistence persistence, EntityManager em, Instant now) {
        var users = new JpaUsers();
        users.em = em;
        users.notifications = persistence.notifications();
        UUID uuid = UUID.randomUUID();
        return users.create(new NewUser(uuid + "@example.com", "Test", "User", false, uuid.toString(), uuid, null),
                now).id();
    }

    public static JpaTasks tasks(TestPersistence persistence, EntityManager em) {
        var tasks = new JpaTasks();
        tasks.em = em;
        tasks.database = persistence.database();
        return tasks;
    }

    public static JpaRuns runs(EntityManager em) {
        var runs = new JpaRuns();
        runs.em = em;
        return runs;
    }
}
