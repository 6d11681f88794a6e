package dev.tasks.storage.s3;

import dev.tasks.domain.shared.ConfigurationError;
import io.minio.Http;
import io.minio.MinioClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The MinIO clients of the application: one for the store's own endpoint, one that signs URLs for
 * the public endpoint. Both are closed when the application stops (an open client keeps the JVM
 * waiting for its connection pool).
 */
@ApplicationScoped
public class MinioClients {

    private static final Logger LOG = Logger.getLogger(MinioClients.class.getName());
    static final long CONNECT_TIMEOUT_SECONDS = 5;

    @Inject
    S3Settings settings;

    private MinioClient store;
    private MinioClient signer;

    /** The client for the store's endpoint. */
    public synchronized MinioClient store() {
        if (store == null) {
            store = build(settings.endpoint().orElseThrow(MinioClients::noStore));
        }
        return store;
    }

    /** A client that only signs URLs, for the public endpoint; it never connects anywhere. */
    public synchronized MinioClient signer() {
        if (signer == null) {
            String publicEndpoint = settings.publicEndpoint().orElseThrow(MinioClients::noStore);
            signer = publicEndpoint.equals(settings.endpoint().orElse(null)) ? store() : build(publicEndpoint);
        }
        return signer;
    }

    private static ConfigurationError noStore() {
        return new ConfigurationError("tasks.s3.endpoint", "no object store is configured; set the URL of an S3 server");
    }

    private MinioClient build(String endpoint) {
        MinioClient.Builder builder = MinioClient.builder()
                .endpoint(endpoint)
                .region(settings.region())
                .credentials(settings.accessKey(), settings.secretKey());
        if (isPlainHttp(endpoint)) {
            builder.httpClient(plainHttpClient(), true);
        }
        MinioClient client = builder.build();
        long io = TimeUnit.SECONDS.toMillis(settings.timeoutSeconds());
        client.setTimeout(TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS), io, io);
        return client;
    }

    static boolean isPlainHttp(String endpoint) {
        return endpoint.regionMatches(true, 0, "http://", 0, "http://".length());
    }

    /**
     * MinIO's default HTTP client (HTTP/1.1, its retry of throttled requests) for an endpoint without
     * TLS, made without TLS: the default one loads the JDK's trust store and every certificate named
     * by {@code SSL_CERT_FILE}/{@code SSL_CERT_DIR} whatever the endpoint, which took most of two
     * seconds of the service's start-up. An {@code https} endpoint keeps MinIO's own client.
     */
    static OkHttpClient plainHttpClient() {
        return new OkHttpClient.Builder()
                .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                .protocols(List.of(Protocol.HTTP_1_1))
                .addInterceptor(new Http.StatusRetryInterceptor())
                .build();
    }

    @PreDestroy
    synchronized void close() {
        for (MinioClient client : new MinioClient[] {signer, store}) {
            if (client != null) {
                try {
                    client.close();
                } catch (Exception e) {
                    LOG.log(Level.FINE, "Closing a MinIO client", e);
                }
            }
        }
        signer = null;
        store = null;
    }
}
