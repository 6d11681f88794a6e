package dev.tasks.web.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Base of the black-box tests of the WAR the build produced, deployed unchanged. */
public abstract class DeployedWarTest extends DeployedService {

    @Deployment(testable = false)
    public static WebArchive war() {
        return builtWar();
    }
}
