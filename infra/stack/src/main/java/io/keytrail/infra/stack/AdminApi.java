package io.keytrail.infra.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * The few admin API calls the launcher and the end-to-end tests make, over plain HTTP as any admin
 * client would: making sure a project and a developer exist, and sending JSON.
 */
public final class AdminApi {
    private final HttpClient http;
    private final String baseUrl;
    private final String token;

    public AdminApi(HttpClient http, String baseUrl, String token) {
        this.http = Objects.requireNonNull(http, "http");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.token = Objects.requireNonNull(token, "token");
    }

    /** Creates the project and the developer unless they exist, so that keys can be issued to them. */
    public void ensureOwners(String project, String developer) throws IOException, InterruptedException {
        ensure("/admin/projects", "{\"id\":\"" + project + "\"}");
        ensure("/admin/developers", "{\"id\":\"" + developer + "\"}");
    }

    private void ensure(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = send("POST", path, body);
        // 409: it exists already, which is all that was asked.
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new IOException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Sends {@code json} (or no body when {@code null}) with the admin token. */
    public HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
