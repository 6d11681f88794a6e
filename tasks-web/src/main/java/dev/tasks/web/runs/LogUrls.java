package dev.tasks.web.runs;

import dev.tasks.domain.run.Run;
import dev.tasks.domain.shared.Secrets;
import dev.tasks.web.http.PublicUrls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, time-limited links to a run's {@code logs/} (docs/logs-and-stream.md#signed-log-links): valid for an hour,
 * usable without credentials, for that run only.
 */
@ApplicationScoped
public class LogUrls {

    static final long VALIDITY_SECONDS = 3600;

    @Inject
    Secrets secret;

    @Inject
    PublicUrls urls;

    @Inject
    Clock clock;

    public String of(Run run) {
        long expires = clock.instant().getEpochSecond() + VALIDITY_SECONDS;
        return urls.base() + "/api/projects/" + run.project() + "/tasks/" + run.task() + "/runs/" + run.id()
                + "/logs/?expires=" + expires + "&signature=" + signature(run.id().toString(), expires);
    }

    /** Whether {@code signature} is this server's signature for the run and expiry, and has not expired. */
    public boolean verify(String runId, String expires, String signature) {
        if (expires == null || signature == null || !expires.matches("\\d{1,12}")) {
            return false;
        }
        long expiry = Long.parseLong(expires);
        if (clock.instant().getEpochSecond() >= expiry) {
            return false;
        }
        return MessageDigest.isEqual(signature(runId, expiry).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    String signature(String runId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.derive("log-url"), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((runId + ":" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
