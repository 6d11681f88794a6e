package dev.tasks.web.it;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prepares the {@link TestEnvironment} when the test run starts, before Arquillian reads the
 * container configuration it starts Payara Micro with.
 */
public class TestEnvironmentSession implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getProperty("tasks.it.war") != null) {
            TestEnvironment.get();
        }
    }
}
