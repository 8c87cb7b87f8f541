package io.keytrail.gateway.protect;

import io.keytrail.gateway.config.FailedAuthProtectionSettings;
import io.keytrail.gateway.config.GatewaySettings;
import java.time.Clock;
import java.util.Objects;

/**
 * What the chain needs to protect itself from clients, built once from the settings.
 *
 * @param failedAuthLimiter {@code null} when {@code failed-auth-protection.enabled} is false
 */
public record ClientProtection(TrustedProxies trustedProxies, FailedAuthLimiter failedAuthLimiter) {
    public ClientProtection {
        Objects.requireNonNull(trustedProxies, "trustedProxies");
    }

    /** No trusted proxies and no failed-auth limit. */
    public static ClientProtection none() {
        return new ClientProtection(TrustedProxies.none(), null);
    }

    public static ClientProtection from(GatewaySettings settings, Clock clock) {
        FailedAuthProtectionSettings limit = settings.failedAuthProtection();
        FailedAuthLimiter limiter = limit.enabled()
                ? new FailedAuthLimiter(limit.maxFailures(), limit.windowSeconds() * 1_000L,
                        limit.blockSeconds() * 1_000L, limit.maxTrackedClients(), clock)
                : null;
        return new ClientProtection(TrustedProxies.of(settings.trustedProxies()), limiter);
    }
}
