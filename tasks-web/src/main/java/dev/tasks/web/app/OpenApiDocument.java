package dev.tasks.web.app;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tasks.web.http.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The API's OpenAPI 3.1 document at {@code /openapi}, served exactly as written in
 * {@code META-INF/openapi.yaml}: YAML by default, JSON for {@code Accept: application/json} or
 * {@code ?format=JSON}. The application server's own OpenAPI service would re-serialise the document
 * through its model, which drops every {@code null} and empty value of the examples and the
 * {@code security: []} of the operations that need no key; so the run command turns that service off
 * and this servlet answers instead (on Payara Server: {@code asadmin set-openapi-configuration
 * --enabled=false}).
 */
@WebServlet(urlPatterns = {"/openapi", "/openapi/"})
public class OpenApiDocument extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String RESOURCE = "META-INF/openapi.yaml";

    /** The file, read on first use: nothing of it is needed to start. */
    private static final class Yaml {
        static final byte[] BYTES = read();

        private static byte[] read() {
            try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the application");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

    }

    /** Its JSON form, made on the first request for it. */
    private static final class JsonForm {
        static final byte[] BYTES = json(Yaml.BYTES);

        private static byte[] json(byte[] yaml) {
            try {
                return Json.bytes(new YAMLMapper().readTree(yaml));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean json = "json".equalsIgnoreCase(request.getParameter("format"))
                || (request.getParameter("format") == null && accepts(request, "application/json")
                && !accepts(request, "application/yaml"));
        byte[] body = json ? JsonForm.BYTES : Yaml.BYTES;
        response.setContentType(json ? "application/json" : "application/yaml;charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static boolean accepts(HttpServletRequest request, String type) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(type);
    }
}
