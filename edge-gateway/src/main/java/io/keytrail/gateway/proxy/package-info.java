/**
 * Forwarding to upstream APIs with Undertow's non-blocking reverse proxy: one pooled client per
 * API, upstream failures answered as gateway errors, and the upstream's share of the latency timed.
 */
package io.keytrail.gateway.proxy;
