package io.keytrail.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.cli.api.ApiError;
import io.keytrail.cli.api.ApiJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Sends admin requests with the bearer token and sorts the outcome: 2xx is an {@link ApiResponse},
 * any other status an {@link ApiException}, no answer an {@link UnreachableException}. Redirects
 * are not followed, so the token never goes anywhere but the endpoint.
 */
public final class AdminClient {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_ECHO = 200;

    private final AdminEndpoint endpoint;
    private final AdminToken token;
    private final HttpClient http;

    public AdminClient(AdminEndpoint endpoint, AdminToken token, HttpClient http) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.token = Objects.requireNonNull(token, "token");
        this.http = Objects.requireNonNull(http, "http");
    }

    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public AdminEndpoint endpoint() {
        return endpoint;
    }

    public ApiResponse get(String path, Map<String, String> query) {
        return send("GET", path, query, null);
    }

    public ApiResponse post(String path, Object body) {
        return send("POST", path, Map.of(), body);
    }

    public ApiResponse patch(String path, Object body) {
        return send("PATCH", path, Map.of(), body);
    }

    public ApiResponse delete(String path) {
        return send("DELETE", path, Map.of(), null);
    }

    /**
     * @param body serialised as JSON; {@code null} sends no body
     */
    public ApiResponse send(String method, String path, Map<String, String> query, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.uri(path, query))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token.value())
                .header("Accept", "application/json")
                .header("User-Agent", "keytrail-cli");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(ApiJson.write(body)));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UnreachableException(endpoint, reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException(endpoint, "interrupted while waiting for the answer", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new ApiResponse(status, response.body());
        }
        throw new ApiException(error(status, response.body()));
    }

    /** The API's error body, or one made up from the status when the answer is not the API's. */
    static ApiError error(int status, String body) {
        JsonNode tree = ApiJson.treeOrNull(body);
        if (tree != null && tree.path("code").isTextual() && tree.path("message").isTextual()) {
            return new ApiError(tree.path("code").asText(), tree.path("message").asText(), status);
        }
        String echo = body == null ? "" : body.strip();
        if (echo.length() > MAX_ECHO) {
            echo = echo.substring(0, MAX_ECHO) + "...";
        }
        return new ApiError("HTTP_" + status, "HTTP " + status + " without an API error body"
                + (echo.isEmpty() ? "" : ": " + echo), status);
    }

    static String reason(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + CONNECT_TIMEOUT.toSeconds() + "s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s";
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException) {
                return "unknown host";
            }
        }
        if (e instanceof ConnectException) {
            String message = e.getMessage();
            return message == null || message.toLowerCase(java.util.Locale.ROOT).contains("refused")
                    ? "connection refused" : message;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
