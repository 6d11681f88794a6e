package dev.tasks.domain.task;

import dev.tasks.domain.identity.UserId;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one definition of who reaches a task, and for what (docs/tasks.md#who-sees-and-who-drives-a-task). A caller
 * reaches their own tasks, tasks without a creator, and tasks of the access's shared origins; administrators get no
 * bypass. Nobody reaches a deleted task or a task of a hidden origin (business knowledge). Reading
 * shares more origins than driving ({@link #CONTROL}: no experiments), and the run endpoints
 * ({@link #RUN_READ}, {@link #RUN_CONTROL}) also share tasks born in Slack. A task that fails the rule
 * answers 404, never 403.
 *
 * <p>{@link #allows} applies the rule to a task in memory; the storage adapter builds its query
 * predicate from {@link #sharedOrigins()} and {@link #hiddenOrigins()}, so both read the same rule.
 */
public enum TaskAccess {
    /** Reading a task on the task endpoints. */
    READ(false, OriginProduct.SIGNAL_REPORT, OriginProduct.SIGNALS_SCOUT, OriginProduct.ONBOARDING,
            OriginProduct.HOGDESK, OriginProduct.WORKFLOW, OriginProduct.EXPERIMENTS),
    /** Changing a task or starting its runs on the task endpoints. */
    CONTROL(false, OriginProduct.SIGNAL_REPORT, OriginProduct.SIGNALS_SCOUT, OriginProduct.ONBOARDING,
            OriginProduct.HOGDESK, OriginProduct.WORKFLOW),
    /** Reading a task's runs, logs, artifacts and Slack threads. */
    RUN_READ(true, READ.sharedOrigins),
    /** Changing a task's runs, logs, artifacts and Slack threads. */
    RUN_CONTROL(true, CONTROL.sharedOrigins);

    private static final Set<OriginProduct> HIDDEN = EnumSet.of(OriginProduct.BUSINESS_KNOWLEDGE);

    private final Set<OriginProduct> sharedOrigins;

    TaskAccess(boolean runEndpoint, OriginProduct... shared) {
        this(runEndpoint, Set.of(shared));
    }

    TaskAccess(boolean runEndpoint, Set<OriginProduct> shared) {
        EnumSet<OriginProduct> origins = EnumSet.noneOf(OriginProduct.class);
        origins.addAll(shared);
        if (runEndpoint) {
            origins.add(OriginProduct.SLACK);
        }
        this.sharedOrigins = origins;
    }

    /** Origins whose tasks every project member reaches under this access. */
    public Set<OriginProduct> sharedOrigins() {
        return EnumSet.copyOf(sharedOrigins);
    }

    /** Origins whose tasks nobody reaches through the API. */
    public Set<OriginProduct> hiddenOrigins() {
        return EnumSet.copyOf(HIDDEN);
    }

    /** Whether {@code viewer} reaches {@code task} under this access. */
    public boolean allows(Task task, UserId viewer) {
        if (task.deleted() || HIDDEN.contains(task.originProduct())) {
            return false;
        }
        return task.createdBy() == null || task.createdBy().equals(viewer)
                || sharedOrigins.contains(task.originProduct());
    }
}
