package io.keytrail.gateway.config;

import java.net.URI;

/**
 * One API behind the gateway: requests whose path starts with {@code pathPrefix} go to
 * {@code upstream}, after the API's policies.
 *
 * @param stripPrefix forward {@code /orders/42} under prefix {@code /orders} as {@code /42}
 */
public record ApiSettings(String id, String pathPrefix, URI upstream, Boolean stripPrefix, Policies policies) {

    /** The policies of one API; absent ones are off. */
    public record Policies(KeyAuthSettings keyAuth, JwtSettings jwt) {
        public Policies {
            keyAuth = keyAuth == null ? KeyAuthSettings.disabled() : keyAuth;
            jwt = jwt == null ? JwtSettings.disabled() : jwt;
            if (keyAuth.enabled() && jwt.enabled() && jwt.header().equalsIgnoreCase(keyAuth.header())) {
                throw new ConfigException("jwt.header", "'" + jwt.header() + "' is also the key-auth header; "
                        + "the key and the token need a header each");
            }
        }

        /** Key-auth only. */
        public Policies(KeyAuthSettings keyAuth) {
            this(keyAuth, null);
        }
    }

    public ApiSettings {
        Checks.identifier("id", id);
        if (pathPrefix == null || !pathPrefix.startsWith("/") || pathPrefix.contains("..")
                || pathPrefix.contains("?") || pathPrefix.contains("#") || pathPrefix.contains("%")) {
            throw new ConfigException("path-prefix", "must be a plain path starting with '/', got '" + pathPrefix + "'");
        }
        if (pathPrefix.length() > 1 && pathPrefix.endsWith("/")) {
            pathPrefix = pathPrefix.substring(0, pathPrefix.length() - 1);
        }
        if (upstream == null || !upstream.isAbsolute() || upstream.getHost() == null
                || !("http".equals(upstream.getScheme()) || "https".equals(upstream.getScheme()))) {
            throw new ConfigException("upstream", "must be an absolute http:// or https:// URL, got '" + upstream + "'");
        }
        if (upstream.getQuery() != null || upstream.getFragment() != null) {
            throw new ConfigException("upstream", "must not have a query or fragment, got '" + upstream + "'");
        }
        stripPrefix = stripPrefix == null ? Boolean.TRUE : stripPrefix;
        policies = policies == null ? new Policies(null) : policies;
    }
}
