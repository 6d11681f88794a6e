package dev.tasks.web.http;

import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import jakarta.enterprise.context.RequestScoped;

/** What the filters established about the current request: who calls, and in which project. */
@RequestScoped
public class RequestContext {

    private Caller caller;
    private Project project;
    private boolean signed;

    public Caller caller() {
        if (caller == null) {
            throw new IllegalStateException("the request is not authenticated");
        }
        return caller;
    }

    public void authenticated(Caller caller) {
        this.caller = caller;
    }

    /** A request that presents a signed link instead of a key ({@link SignedAccess}); not yet verified. */
    public boolean isSigned() {
        return signed;
    }

    public void signed() {
        this.signed = true;
    }

    public Project project() {
        if (project == null) {
            throw new IllegalStateException("the request names no project");
        }
        return project;
    }

    public void project(Project project) {
        this.project = project;
    }
}
