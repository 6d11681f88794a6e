package dev.tasks.domain.task;

import dev.tasks.domain.identity.UserId;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who may see a task ({@link #READ}) and who may drive it ({@link #CONTROL}). A caller sees their
 * own tasks, tasks without a creator, and tasks of the shared origins; administrators get no bypass.
 * Nobody reaches business-knowledge tasks or deleted tasks. On run endpoints, tasks born in Slack
 * are open to every project member. A task that fails the predicate answers 404, never 403.
 */
public enum TaskAccess {
    READ(EnumSet.of(OriginProduct.SIGNAL_REPORT, OriginProduct.SIGNALS_SCOUT, OriginProduct.ONBOARDING,
            OriginProduct.HOGDESK, OriginProduct.WORKFLOW, OriginProduct.EXPERIMENTS)),
    CONTROL(EnumSet.of(OriginProduct.SIGNAL_REPORT, OriginProduct.SIGNALS_SCOUT, OriginProduct.ONBOARDING,
            OriginProduct.HOGDESK, OriginProduct.WORKFLOW));

    private final Set<OriginProduct> sharedOrigins;

    TaskAccess(Set<OriginProduct> sharedOrigins) {
        this.sharedOrigins = sharedOrigins;
    }

    /** Origins whose tasks every member reaches under this predicate. */
    public Set<OriginProduct> sharedOrigins(boolean runEndpoint) {
        if (!runEndpoint) {
            return EnumSet.copyOf(sharedOrigins);
        }
        EnumSet<OriginProduct> origins = EnumSet.copyOf(sharedOrigins);
        origins.add(OriginProduct.SLACK);
        return origins;
    }

    public boolean allows(Task task, UserId viewer, boolean runEndpoint) {
        if (task.deleted() || task.originProduct() == OriginProduct.BUSINESS_KNOWLEDGE) {
            return false;
        }
        return task.createdBy() == null || task.createdBy().equals(viewer)
                || sharedOrigins(runEndpoint).contains(task.originProduct());
    }
}
