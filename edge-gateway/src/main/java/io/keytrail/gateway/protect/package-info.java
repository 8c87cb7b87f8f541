/**
 * Protection of the gateway against the clients themselves: who the client is when the gateway
 * sits behind proxies ({@link io.keytrail.gateway.protect.TrustedProxies}), and a per-client limit
 * on failed authentication, enforced before any key is looked up or hashed
 * ({@link io.keytrail.gateway.protect.FailedAuthLimiter}). Both are lock-free and bounded in
 * memory, since they run on every request and their input is chosen by attackers.
 */
package io.keytrail.gateway.protect;
