package io.keytrail.reporting.console;

import static io.keytrail.reporting.support.TestApi.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(TestApiExtension.class)
class ConsoleHandlerTest {
    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void theBarePathRedirectsToThePage() {
        HttpResponse<String> response = api.send("GET", "/console", null, null);

        assertEquals(302, response.statusCode());
        assertEquals("/console/", response.headers().firstValue("Location").orElse(""));
        assertSecure(response);
    }

    @Test
    void servesThePageWithoutATokenAndWithItsSecurityHeaders() {
        HttpResponse<String> response = api.send("GET", "/console/", null, null);

        assertEquals(200, response.statusCode());
        assertEquals("text/html; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("<title>keytrail console</title>"), response.body());
        assertSecure(response);
        assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(response.headers().firstValue("ETag").orElse("").matches("\"[A-Za-z0-9_-]{22}\""),
                response.headers().toString());
        assertEquals(response.body(), api.send("GET", "/console/index.html", null, null).body());
    }

    @Test
    void theContentSecurityPolicyAllowsNoInlineCodeNoOtherOriginAndNoFraming() {
        String csp = api.send("GET", "/console/", null, null).headers().firstValue("Content-Security-Policy").orElse("");

        assertFalse(csp.contains("unsafe-inline"), csp);
        assertFalse(csp.contains("unsafe-eval"), csp);
        assertFalse(csp.contains("http"), "no other origin: " + csp);
        assertFalse(csp.contains("*"), csp);
        for (String directive : List.of("default-src 'none'", "script-src 'self'", "style-src 'self'",
                "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'")) {
            assertTrue(csp.contains(directive), () -> "missing " + directive + " in " + csp);
        }
    }

    @Test
    void thePageHasNoInlineScriptStyleOrHandler() {
        for (String file : List.of("/console/", "/console/favicon.svg")) {
            String body = api.send("GET", file, null, null).body();
            assertFalse(Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(body).find(),
                    file + " has an inline script");
            assertFalse(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(body).find(),
                    file + " has an inline event handler");
            assertFalse(Pattern.compile("\\sstyle\\s*=|<style", Pattern.CASE_INSENSITIVE).matcher(body).find(),
                    file + " has inline style");
            assertFalse(body.contains("//cdn") || body.contains("https://") && !body.contains("http://www.w3.org/2000/svg"),
                    file + " loads something from elsewhere");
        }
    }

    @Test
    void servesEachFileWithItsType() {
        assertFile("/console/main.js", "text/javascript; charset=utf-8", "import ");
        assertFile("/console/api.js", "text/javascript; charset=utf-8", "sessionStorage");
        assertFile("/console/console.css", "text/css; charset=utf-8", "[hidden]");
        assertFile("/console/favicon.svg", "image/svg+xml", "<svg");
        assertFile("/console/vendor/chart.umd.min.js", "text/javascript; charset=utf-8", "Chart.js v4.");
    }

    @Test
    void theScriptsNeverUseLocalStorageOrTheConsoleLog() {
        for (String file : List.of("main.js", "api.js", "keys.js", "usage.js", "secrets.js", "ui.js")) {
            String body = api.send("GET", "/console/" + file, null, null).body();
            assertFalse(body.contains("localStorage"), file);
            assertFalse(body.contains("console."), file);
            assertFalse(body.contains("innerHTML"), file + ": text goes in as text, never as markup");
            assertFalse(body.contains("eval("), file);
        }
    }

    @Test
    void aCurrentETagAnswersNotModified() {
        HttpResponse<String> first = api.send("GET", "/console/main.js", null, null);
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = get("/console/main.js", "If-None-Match", etag);
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        assertEquals(etag, again.headers().firstValue("ETag").orElse(""));
        assertSecure(again);

        assertEquals(304, get("/console/main.js", "If-None-Match", "\"other\", W/" + etag).statusCode());
        assertEquals(200, get("/console/main.js", "If-None-Match", "\"other\"").statusCode());
        HttpResponse<String> otherFile = api.send("GET", "/console/api.js", null, null);
        assertFalse(etag.equals(otherFile.headers().firstValue("ETag").orElse("")), "each file has its own ETag");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/nope.js", "/console/index.htm", "/console/vendor/", "/console/vendor/chart.js",
            "/console/vendor/chart.umd.js", "/console/META-INF/MANIFEST.MF", "/console/Main.js", "/console/main.js/",
            "/console/vendor%2Fchart.umd.min.js", "/console/%2e%2e/openapi.yaml", "/console/vendor/%2e%2e/main.js",
            "/console/..%2f..%2flog4j2.xml", "/console/%2e%2e%2f%2e%2e%2fio/keytrail/reporting/openapi.yaml",
            "/console//etc/passwd", "/console/%00main.js"})
    void anythingButAConsoleFileIsNotFound(String path) {
        String message = assertError(api.send("GET", path, null, null), 404, "NOT_FOUND");
        assertTrue(message.equals("no such console file") || message.equals("no such route"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/../log4j2.xml", "/console/../../db/migration/V1__keys_outbox_usage.sql",
            "/console/vendor/../../META-INF/MANIFEST.MF", "/console/..\\..\\log4j2.xml",
            "/console/vendor/..%5c..%5cmain.js", "/console/./main.js/..", "/console/%2e%2e/%2e%2e/openapi.yaml"})
    void pathTraversalSentAsRawBytesReachesNothingOutsideTheConsole(String path) {
        String answer = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        String status = answer.substring(0, answer.indexOf("\r\n"));
        assertTrue(status.contains(" 404 ") || status.contains(" 400 "), path + " answered " + status);
        assertFalse(answer.contains("CREATE TABLE") || answer.contains("<Configuration") || answer.contains("Manifest-Version")
                || answer.contains("openapi: 3"), path + " leaked a file: " + answer);
    }

    @Test
    void onlyGetIsAllowed() {
        assertError(api.send("POST", "/console/", "{}", null), 405, "METHOD_NOT_ALLOWED");
        assertError(api.send("DELETE", "/console/main.js", null, null), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void ifNoneMatchIsReadAsAListOfTags() {
        assertTrue(ConsoleHandler.matches(List.of("\"a\", \"b\""), "\"b\""));
        assertTrue(ConsoleHandler.matches(List.of("W/\"b\""), "\"b\""));
        assertTrue(ConsoleHandler.matches(List.of("*"), "\"b\""));
        assertFalse(ConsoleHandler.matches(List.of("\"bb\""), "\"b\""));
        assertFalse(ConsoleHandler.matches(null, "\"b\""));
    }

    private void assertFile(String path, String type, String content) {
        HttpResponse<String> response = api.send("GET", path, null, null);
        assertEquals(200, response.statusCode(), path);
        assertEquals(type, response.headers().firstValue("Content-Type").orElse(""), path);
        assertTrue(response.body().contains(content), path);
        assertSecure(response);
    }

    private static void assertSecure(HttpResponse<String> response) {
        assertEquals(ConsoleHandler.CONTENT_SECURITY_POLICY,
                response.headers().firstValue("Content-Security-Policy").orElse(""));
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("DENY", response.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElse(""));
    }

    private HttpResponse<String> get(String path, String header, String value) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + path))
                    .timeout(Duration.ofSeconds(10)).header(header, value).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends bytes as they are, for paths an HTTP client would refuse or normalise. */
    private String raw(String request) {
        URI base = URI.create(base());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String base() {
        return api.baseUrl();
    }
}
