package dev.tasks.web.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The defaults of cloud runs' settings, as an installation that sets nothing gets them. */
class CloudSettingsTest {

    private static String defaultOf(String field) throws NoSuchFieldException {
        return CloudSettings.class.getDeclaredField(field).getAnnotation(ConfigProperty.class).defaultValue();
    }

    @Test
    void k15_anAgentHasTenMinutesToAnswerACommand() throws Exception {
        CloudSettings settings = new CloudSettings();
        settings.commandTimeoutSeconds = Long.parseLong(defaultOf("commandTimeoutSeconds"));
        assertEquals(Duration.ofSeconds(600), settings.commandTimeout());
        settings.commandTimeoutSeconds = 0;
        assertEquals(Duration.ofSeconds(600), settings.commandTimeout(), "a non-positive setting means the default");
    }

    @Test
    void aSandboxLivesSixHoursAndNoLessThanAMinute() throws Exception {
        CloudSettings settings = new CloudSettings();
        settings.sandboxTtlSeconds = Long.parseLong(defaultOf("sandboxTtlSeconds"));
        assertEquals(Duration.ofHours(6), settings.sandboxTtl());
        settings.sandboxTtlSeconds = 5;
        assertEquals(Duration.ofMinutes(1), settings.sandboxTtl());
    }
}
