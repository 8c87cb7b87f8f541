package io.keytrail.gateway.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Validation shared by the settings records. */
final class Checks {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    // RFC 9110 token characters: what a header name may be made of.
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Checks() {
    }

    static int port(String field, int port) {
        if (port < 0 || port > 65_535) {
            throw new ConfigException(field, "must be a port between 0 and 65535, got " + port);
        }
        return port;
    }

    static void identifier(String field, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new ConfigException(field, "must be 1 to 64 letters, digits, '.', '_' or '-', got '" + value + "'");
        }
    }

    static void headerName(String field, String value) {
        if (!TOKEN.matcher(value).matches()) {
            throw new ConfigException(field, "must be a valid HTTP header name, got '" + value + "'");
        }
    }

    /** A query parameter or body field name: printable ASCII without the characters forms use as syntax. */
    static void fieldName(String field, String value) {
        if (!FIELD.matcher(value).matches()) {
            throw new ConfigException(field, "must be 1 to 64 letters, digits, '.', '_' or '-', got '" + value + "'");
        }
    }

    static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return IDENTIFIER.matcher(name).matches() ? name : "gateway";
        } catch (UnknownHostException e) {
            return "gateway";
        }
    }

    /** {@code value}, or {@code fallback} when absent, within {@code [min, max]}. */
    static int between(String field, Integer value, int fallback, int min, int max) {
        int actual = value == null ? fallback : value;
        if (actual < min || actual > max) {
            throw new ConfigException(field, "must be between " + min + " and " + max + ", got " + actual);
        }
        return actual;
    }

    /** An upstream base URL: absolute http or https with a host, no query or fragment. */
    static void upstreamUrl(String field, URI url) {
        if (url == null || !url.isAbsolute() || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new ConfigException(field, "must be an absolute http:// or https:// URL, got '" + url + "'");
        }
        if (url.getQuery() != null || url.getFragment() != null) {
            throw new ConfigException(field, "must not have a query or fragment, got '" + url + "'");
        }
    }
}
