package io.keytrail.gateway.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One immutable set of APIs and the lookup the request path does in it. The APIs for the request's
 * exact host are tried first, then those of wildcard hosts from the longest suffix down, then the
 * APIs without a host; in the first group with a match the longest path prefix wins, on a segment
 * boundary ({@code /orders} matches {@code /orders} and {@code /orders/1}, not {@code /ordersx}).
 * So a host-specific API shadows a host-less one with a longer prefix, and a request whose path
 * none of its host's APIs match falls through to the host-less APIs.
 */
public final class RouteTable {
    private static final ResolvedApi[] NONE = new ResolvedApi[0];
    private static final Comparator<ResolvedApi> LONGEST_PREFIX_FIRST =
            Comparator.comparingInt((ResolvedApi api) -> api.pathPrefix().length()).reversed();

    private final List<ResolvedApi> apis;
    private final Map<String, ResolvedApi[]> exactHosts;
    /** Each wildcard's suffix with its leading dot ({@code .example.com}), longest first. */
    private final String[] wildcardSuffixes;
    private final ResolvedApi[][] wildcardApis;
    private final ResolvedApi[] anyHost;
    /** Without host-specific APIs the Host header is not even read. */
    private final boolean byHost;

    public RouteTable(List<ResolvedApi> apis) {
        this.apis = List.copyOf(apis);
        Map<String, List<ResolvedApi>> exact = new HashMap<>();
        Map<String, List<ResolvedApi>> wildcards = new LinkedHashMap<>();
        List<ResolvedApi> any = new ArrayList<>();
        for (ResolvedApi api : this.apis) {
            String host = api.settings().host();
            if (host == null) {
                any.add(api);
            } else if (host.startsWith("*.")) {
                wildcards.computeIfAbsent(host.substring(1), suffix -> new ArrayList<>()).add(api);
            } else {
                exact.computeIfAbsent(host, name -> new ArrayList<>()).add(api);
            }
        }
        this.exactHosts = new HashMap<>();
        exact.forEach((host, list) -> exactHosts.put(host, sorted(list)));
        List<String> suffixes = new ArrayList<>(wildcards.keySet());
        suffixes.sort(Comparator.comparingInt(String::length).reversed());
        this.wildcardSuffixes = suffixes.toArray(String[]::new);
        this.wildcardApis = suffixes.stream().map(suffix -> sorted(wildcards.get(suffix))).toArray(ResolvedApi[][]::new);
        this.anyHost = sorted(any);
        this.byHost = !exactHosts.isEmpty() || wildcardSuffixes.length > 0;
    }

    public List<ResolvedApi> apis() {
        return apis;
    }

    /**
     * The API for a request, or {@code null}.
     *
     * @param hostHeader the request's {@code Host} header as sent (any case, maybe with a port), or {@code null}
     */
    public ResolvedApi match(String hostHeader, String path) {
        if (byHost && hostHeader != null) {
            String host = hostName(hostHeader);
            ResolvedApi api = longestPrefix(exactHosts.getOrDefault(host, NONE), path);
            if (api != null) {
                return api;
            }
            for (int i = 0; i < wildcardSuffixes.length; i++) {
                String suffix = wildcardSuffixes[i];
                if (host.length() > suffix.length() && host.endsWith(suffix)) {
                    api = longestPrefix(wildcardApis[i], path);
                    if (api != null) {
                        return api;
                    }
                }
            }
        }
        return longestPrefix(anyHost, path);
    }

    /** The host name of a {@code Host} header: lower case, without port or the root's trailing dot. */
    static String hostName(String hostHeader) {
        String host = hostHeader.trim();
        if (host.startsWith("[")) {
            // An IPv6 literal; no API is configured for one, the brackets keep it from matching a name.
            int end = host.indexOf(']');
            host = end < 0 ? host : host.substring(0, end + 1);
        } else {
            int colon = host.indexOf(':');
            host = colon < 0 ? host : host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host.toLowerCase(Locale.ROOT);
    }

    private static ResolvedApi longestPrefix(ResolvedApi[] candidates, String path) {
        for (ResolvedApi api : candidates) {
            String prefix = api.pathPrefix();
            if ("/".equals(prefix)) {
                return api;
            }
            if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return api;
            }
        }
        return null;
    }

    private static ResolvedApi[] sorted(List<ResolvedApi> apis) {
        return apis.stream().sorted(LONGEST_PREFIX_FIRST).toArray(ResolvedApi[]::new);
    }
}
