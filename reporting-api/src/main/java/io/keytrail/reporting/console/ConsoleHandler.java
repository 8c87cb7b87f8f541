package io.keytrail.reporting.console;

import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ApiException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * {@code GET /console} and {@code GET /console/...}: the console page and its files. {@code /console}
 * redirects to {@code /console/}, the page; a name that is not one of {@link ConsoleFiles} is a
 * 404. Every answer forbids inline script and style, framing, type sniffing and referrers, and is
 * revalidated by its ETag, so a new build reaches browsers at once while an unchanged file costs a 304.
 * Needs no token: the files hold nothing secret, and every call the page makes needs the admin token.
 */
public final class ConsoleHandler implements HttpHandler {
    /** Where the console lives; {@code PREFIX + "/"} is the page. */
    public static final String PREFIX = "/console";
    /**
     * Scripts, styles, images and API calls from this origin only, no inline code or style (no
     * 'unsafe-inline', no eval), no plugins, no framing by any page, forms submit nowhere.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final HttpString CSP = new HttpString("Content-Security-Policy");
    private static final HttpString X_FRAME_OPTIONS = new HttpString("X-Frame-Options");
    private static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");
    private static final HttpString CROSS_ORIGIN_OPENER_POLICY = new HttpString("Cross-Origin-Opener-Policy");

    private final ConsoleFiles files;

    public ConsoleHandler(ConsoleFiles files) {
        this.files = Objects.requireNonNull(files, "files");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        if (path.equals(PREFIX)) {
            secure(exchange.getResponseHeaders());
            exchange.setStatusCode(StatusCodes.FOUND);
            exchange.getResponseHeaders().put(Headers.LOCATION, PREFIX + "/");
            return;
        }
        ConsoleFiles.StaticFile file = path.startsWith(PREFIX + "/")
                ? files.get(path.substring(PREFIX.length() + 1))
                : null;
        if (file == null) {
            throw new ApiException(ApiError.NOT_FOUND, "no such console file");
        }
        HeaderMap headers = exchange.getResponseHeaders();
        secure(headers);
        headers.put(Headers.ETAG, file.etag());
        // Revalidate every time: the names carry no version, and a 304 costs next to nothing.
        headers.put(Headers.CACHE_CONTROL, "no-cache");
        if (matches(exchange.getRequestHeaders().get(Headers.IF_NONE_MATCH), file.etag())) {
            exchange.setStatusCode(StatusCodes.NOT_MODIFIED);
            return;
        }
        exchange.setStatusCode(StatusCodes.OK);
        headers.put(Headers.CONTENT_TYPE, file.contentType());
        exchange.getResponseSender().send(ByteBuffer.wrap(file.body()));
    }

    private static void secure(HeaderMap headers) {
        headers.put(CSP, CONTENT_SECURITY_POLICY);
        headers.put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        headers.put(X_FRAME_OPTIONS, "DENY");
        headers.put(REFERRER_POLICY, "no-referrer");
        headers.put(CROSS_ORIGIN_OPENER_POLICY, "same-origin");
    }

    /** Whether an If-None-Match header names {@code etag}; weak comparison, as RFC 9110 asks for GET. */
    static boolean matches(Iterable<String> ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String header : ifNoneMatch) {
            for (String candidate : header.split(",")) {
                String tag = candidate.strip();
                if (tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                if (tag.equals("*") || tag.equals(etag)) {
                    return true;
                }
            }
        }
        return false;
    }
}
