package dev.tasks.web.http;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The container's own error pages (paths outside the API, failures before the API is reached),
 * answered with PostHog's JSON bodies instead of HTML.
 */
@WebServlet(urlPatterns = {"/errors/not-found", "/errors/method-not-allowed", "/errors/server-error"})
public class ErrorPages extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute("jakarta.servlet.error.status_code");
        ApiException error;
        if (Integer.valueOf(405).equals(status)) {
            error = ApiException.methodNotAllowed(request.getMethod());
        } else if (Integer.valueOf(500).equals(status)) {
            error = ApiException.serverError();
        } else {
            error = ApiException.notFound();
        }
        response.setStatus(error.status());
        response.setContentType("application/json");
        response.getOutputStream().write(Json.bytes(error.body()));
    }
}
