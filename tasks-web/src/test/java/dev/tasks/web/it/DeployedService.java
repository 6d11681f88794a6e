package dev.tasks.web.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the black-box tests: a WAR deployed on Payara Micro by Arquillian (once per test class),
 * called over HTTP like any client would. Subclasses name the deployment: {@link DeployedWarTest} the
 * WAR the build produced, as it is.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class DeployedService {

    private static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";

    static {
        TestEnvironment.get();
    }

    @ArquillianResource
    URL deploymentUrl;

    /** The WAR the build produced. */
    static WebArchive builtWar() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("tasks.it.war")));
    }

    /**
     * The WAR the build produced with {@code settings} added to its own configuration (they win over
     * its defaults, not over the system properties every test instance gets).
     */
    static WebArchive builtWarWith(Map<String, String> settings) {
        WebArchive war = builtWar();
        String config;
        try (var in = war.get(CONFIG).getAsset().openStream()) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder added = new StringBuilder(config).append('\n');
        settings.forEach((key, value) -> added.append(key).append('=').append(value).append('\n'));
        war.delete(CONFIG);
        war.add(new StringAsset(added.toString()), CONFIG);
        return war;
    }

    /** The server root (the WAR is deployed at {@code /}). */
    protected URI root() {
        try {
            URI uri = deploymentUrl.toURI();
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), "/", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    protected Api anonymous() {
        return new Api(root(), null);
    }

    protected Api admin() {
        return new Api(root(), TestEnvironment.ADMIN_KEY);
    }

    protected Fixtures fixtures() {
        return new Fixtures(admin());
    }
}
