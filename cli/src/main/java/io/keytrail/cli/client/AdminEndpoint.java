package io.keytrail.cli.client;

import io.keytrail.cli.args.UsageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Where the admin API is.
 *
 * @param base   {@code http(s)://host[:port][/prefix]} without a trailing slash
 * @param source what it came from, for messages: {@code --url}, {@code KEYTRAIL_ADMIN_URL}, ...
 */
public record AdminEndpoint(URI base, String source) {
    public static final String URL_VARIABLE = "KEYTRAIL_ADMIN_URL";
    public static final String PORT_VARIABLE = "KEYTRAIL_REPORTING_PORT";
    public static final int DEFAULT_PORT = 8090;

    public AdminEndpoint {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(source, "source");
    }

    /**
     * {@code --url} when given, else {@code KEYTRAIL_ADMIN_URL}, else {@code http://127.0.0.1:PORT}
     * with {@code KEYTRAIL_REPORTING_PORT} (the port {@code ./keytrail up} serves on), default 8090.
     */
    public static AdminEndpoint resolve(String urlOption, Map<String, String> env) {
        if (urlOption != null) {
            return of(urlOption, "--url");
        }
        String fromEnv = env.get(URL_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return of(fromEnv.strip(), URL_VARIABLE);
        }
        String port = env.get(PORT_VARIABLE);
        if (port != null && !port.isBlank()) {
            return of("http://127.0.0.1:" + port(port.strip()), PORT_VARIABLE);
        }
        return of("http://127.0.0.1:" + DEFAULT_PORT, "default");
    }

    static AdminEndpoint of(String url, String source) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new UsageException(source + ": '" + url + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new UsageException(source + ": '" + url + "' must be an absolute http:// or https:// URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new UsageException(source + ": '" + url + "' must not carry user info, a query or a fragment");
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return new AdminEndpoint(URI.create(text), source);
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(PORT_VARIABLE + ": '" + text + "' is not a port (1 to 65535)");
    }

    /** {@code path} (starting with /, segments already safe) under the base, with the query encoded. */
    public URI uri(String path, Map<String, String> query) {
        StringJoiner parameters = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> {
            if (value != null) {
                parameters.add(encode(name) + "=" + encode(value));
            }
        });
        return URI.create(base + path + parameters);
    }

    /** One path segment, percent-encoded. */
    public static String segment(String value) {
        return encode(value);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** True when the token would cross a network unencrypted: plain http to a host other than this one. */
    public boolean plainTextOverNetwork() {
        if (!"http".equalsIgnoreCase(base.getScheme())) {
            return false;
        }
        String host = base.getHost().toLowerCase(Locale.ROOT);
        return !(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
