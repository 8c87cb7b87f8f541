package io.keytrail.gateway.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One API behind the gateway: requests whose path starts with {@code pathPrefix} (and, if set,
 * whose {@code Host} is {@code host}) go to its upstream, after the API's policies.
 *
 * @param upstream    the one upstream URL; or else {@code upstreams}, never both
 * @param stripPrefix forward {@code /orders/42} under prefix {@code /orders} as {@code /42}
 * @param host        the host name the API answers for, lower case, or {@code *.example.com} for
 *                    every name under example.com; {@code null} for any host
 * @param upstreams   the targets the requests are balanced over; built from {@code upstream} when
 *                    that is set, so it is never {@code null}
 */
public record ApiSettings(String id, String pathPrefix, URI upstream, Boolean stripPrefix, Policies policies,
        String host, UpstreamSettings upstreams, TimeoutSettings timeouts, PoolSettings pool) {
    private static final String LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern HOST = Pattern.compile("(\\*\\.)?" + LABEL + "(\\." + LABEL + ")*");

    /**
     * The policies of one API; absent ones are off.
     *
     * @param passCorsPreflight let CORS preflight requests ({@code OPTIONS} with {@code Origin} and
     *                          {@code Access-Control-Request-Method}) through to the upstream without
     *                          credentials: browsers never send credentials on a preflight
     */
    public record Policies(KeyAuthSettings keyAuth, Boolean passCorsPreflight, JwtSettings jwt) {
        public Policies {
            keyAuth = keyAuth == null ? KeyAuthSettings.disabled() : keyAuth;
            passCorsPreflight = passCorsPreflight == null ? Boolean.FALSE : passCorsPreflight;
            jwt = jwt == null ? JwtSettings.disabled() : jwt;
            if (keyAuth.enabled() && keyAuth.inHeader() && jwt.enabled() && keyAuth.header() != null
                    && jwt.header().equalsIgnoreCase(keyAuth.header())) {
                throw new ConfigException("jwt.header", "'" + jwt.header() + "' is also the key-auth header; "
                        + "the key and the token need a header each");
            }
        }

        /** Key-auth and CORS preflights, no jwt. */
        public Policies(KeyAuthSettings keyAuth, Boolean passCorsPreflight) {
            this(keyAuth, passCorsPreflight, null);
        }

        /** Key-auth and jwt. */
        public Policies(KeyAuthSettings keyAuth, JwtSettings jwt) {
            this(keyAuth, null, jwt);
        }

        /** Key-auth only. */
        public Policies(KeyAuthSettings keyAuth) {
            this(keyAuth, null, null);
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
        if (upstream == null && upstreams == null) {
            throw new ConfigException("upstream", "set upstream (one URL) or upstreams (targets), got neither");
        }
        if (upstream != null) {
            Checks.upstreamUrl("upstream", upstream);
            // A settings record rebuilt from its own components carries both, consistently.
            if (upstreams != null && !upstreams.targets().equals(List.of(upstream))) {
                throw new ConfigException("upstream", "set upstream (one URL) or upstreams (targets), not both");
            }
            upstreams = upstreams == null ? UpstreamSettings.single(upstream) : upstreams;
        }
        stripPrefix = stripPrefix == null ? Boolean.TRUE : stripPrefix;
        policies = policies == null ? new Policies(null) : policies;
        host = host(host);
        timeouts = timeouts == null ? TimeoutSettings.defaults() : timeouts;
        pool = pool == null ? PoolSettings.defaults() : pool;
    }

    /** One upstream URL, any host, default timeouts and pool. */
    public ApiSettings(String id, String pathPrefix, URI upstream, Boolean stripPrefix, Policies policies) {
        this(id, pathPrefix, upstream, stripPrefix, policies, null, null, null, null);
    }

    private static String host(String host) {
        if (host == null) {
            return null;
        }
        String name = host.trim().toLowerCase(Locale.ROOT);
        // The root's trailing dot names the same host.
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (name.length() > 253 || !HOST.matcher(name).matches()) {
            throw new ConfigException("host",
                    "must be a host name such as api.example.com or *.example.com, without a port, got '" + host + "'");
        }
        return name;
    }
}
