package io.keytrail.gateway.config;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The targets one API's requests are balanced over (section {@code upstreams} of an API).
 *
 * @param targets     base URLs, round-robin among the healthy ones
 * @param healthCheck active checks; {@code null} for none, targets then count as healthy unless
 *                    passive checks take them out
 * @param passive     taking out a target that keeps refusing connections
 * @param tls         how https targets are checked; the JVM's trust store when absent
 */
public record UpstreamSettings(List<URI> targets, HealthCheckSettings healthCheck, PassiveHealthSettings passive,
        UpstreamTlsSettings tls) {
    public static final int MAX_TARGETS = 64;

    public UpstreamSettings {
        if (targets == null || targets.isEmpty()) {
            throw new ConfigException("targets", "must list at least one upstream URL");
        }
        if (targets.size() > MAX_TARGETS) {
            throw new ConfigException("targets", "must list at most " + MAX_TARGETS + " URLs, got " + targets.size());
        }
        Set<URI> seen = new HashSet<>();
        for (int i = 0; i < targets.size(); i++) {
            URI target = targets.get(i);
            Checks.upstreamUrl("targets[" + i + "]", target);
            if (!seen.add(target)) {
                throw new ConfigException("targets[" + i + "]", "duplicate target '" + target + "'");
            }
        }
        targets = List.copyOf(targets);
        passive = passive == null ? PassiveHealthSettings.defaults() : passive;
        tls = tls == null ? UpstreamTlsSettings.defaults() : tls;
    }

    /** The JVM's trust store for https targets. */
    public UpstreamSettings(List<URI> targets, HealthCheckSettings healthCheck, PassiveHealthSettings passive) {
        this(targets, healthCheck, passive, null);
    }

    /** The form {@code upstream: URL} stands for. */
    static UpstreamSettings single(URI upstream) {
        return new UpstreamSettings(List.of(upstream), null, null);
    }
}
