package dev.tasks.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.minio.BucketExistsArgs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.ConnectionSpec;
import org.junit.jupiter.api.Test;

/** The store's client: made without TLS for a plain {@code http} endpoint, and it still talks S3 there. */
class MinioClientsTest {

    @Test
    void onlyAnHttpEndpointGetsTheClientWithoutTls() {
        assertTrue(MinioClients.isPlainHttp("http://127.0.0.1:9000"));
        assertTrue(MinioClients.isPlainHttp("HTTP://minio.internal"));
        assertFalse(MinioClients.isPlainHttp("https://s3.amazonaws.com"));
        assertFalse(MinioClients.isPlainHttp("httpx://odd"));
        assertEquals(List.of(ConnectionSpec.CLEARTEXT), MinioClients.plainHttpClient().connectionSpecs());
    }

    @Test
    void thePlainClientSignsAndSendsS3Requests() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        MinioClients clients = new MinioClients();
        clients.settings = settings("http://127.0.0.1:" + server.getAddress().getPort());
        try {
            assertTrue(clients.store().bucketExists(BucketExistsArgs.builder().bucket("tasks").build()));
        } finally {
            clients.close();
            server.stop(0);
        }
        assertEquals(1, seen.size(), seen.toString());
        assertTrue(seen.getFirst().startsWith("HEAD /tasks AWS4-HMAC-SHA256 Credential=access/"), seen.getFirst());
    }

    private static S3Settings settings(String endpoint) {
        S3Settings settings = new S3Settings();
        settings.endpoint = Optional.of(endpoint);
        settings.publicEndpoint = Optional.empty();
        settings.accessKey = Optional.of("access");
        settings.secretKey = Optional.of("secret1234");
        settings.region = "us-east-1";
        settings.bucket = "tasks";
        settings.folder = "tasks";
        settings.timeoutSeconds = 5;
        return settings;
    }
}
