/**
 * Forwarding to upstream APIs with Undertow's non-blocking reverse proxy: per API a client that
 * balances over its targets, each with its own connection pool, takes unhealthy targets out
 * (active checks off the request path, passive ejection on failed connections), bounds connecting
 * and the whole exchange in time, and answers upstream failures as gateway errors; and the
 * upstream's share of the latency timed.
 */
package io.keytrail.gateway.proxy;
