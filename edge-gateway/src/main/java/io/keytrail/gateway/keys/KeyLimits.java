package io.keytrail.gateway.keys;

import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyRecord.QuotaPeriod;

/**
 * A key's rate limit and quota, as the limit policy reads them. Most keys have neither, and hold
 * {@code null} instead of an instance; keys with the same limits share one instance (the registry
 * interns them), so a limited key costs one reference too.
 *
 * @param rateRequests     requests allowed per window, 0 for no rate limit
 * @param rateWindowMillis the window's length, positive when {@code rateRequests} is
 * @param quotaRequests    requests allowed per calendar period, 0 for no quota
 * @param quotaPeriod      the period, {@code null} when there is no quota
 */
public record KeyLimits(long rateRequests, long rateWindowMillis, long quotaRequests, QuotaPeriod quotaPeriod) {
    /** A window longer than this many seconds is as good as endless; saturate rather than overflow. */
    private static final long MAX_WINDOW_SECONDS = Long.MAX_VALUE / 1_000;

    public KeyLimits {
        if (rateRequests < 0 || quotaRequests < 0 || (rateRequests > 0 && rateWindowMillis < 1)
                || (quotaRequests > 0) != (quotaPeriod != null)) {
            throw new IllegalArgumentException("inconsistent limits");
        }
    }

    /** {@code null} when the key has neither a rate limit nor a quota. */
    public static KeyLimits of(KeyRecord.RateLimit rateLimit, KeyRecord.Quota quota) {
        if (rateLimit == null && quota == null) {
            return null;
        }
        return of(rateLimit == null ? 0 : rateLimit.requests(), rateLimit == null ? 0 : rateLimit.windowSeconds(),
                quota == null ? 0 : quota.requests(), quota == null ? null : quota.period());
    }

    /** As the contract states them: a window in seconds; zeros for none. */
    static KeyLimits of(long rateRequests, long rateWindowSeconds, long quotaRequests, QuotaPeriod quotaPeriod) {
        if (rateRequests == 0 && quotaRequests == 0) {
            return null;
        }
        return new KeyLimits(rateRequests, rateRequests == 0 ? 0 : Math.min(rateWindowSeconds, MAX_WINDOW_SECONDS) * 1_000,
                quotaRequests, quotaPeriod);
    }

    public boolean hasRateLimit() {
        return rateRequests > 0;
    }

    public boolean hasQuota() {
        return quotaRequests > 0;
    }
}
