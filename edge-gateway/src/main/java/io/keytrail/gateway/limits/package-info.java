/**
 * Per-key rate limits and quotas, counted on this gateway node: {@link io.keytrail.gateway.limits.KeyLimiter}
 * keeps the counts, {@link io.keytrail.gateway.limits.KeyLimitHandler} enforces them on the request path.
 */
package io.keytrail.gateway.limits;
