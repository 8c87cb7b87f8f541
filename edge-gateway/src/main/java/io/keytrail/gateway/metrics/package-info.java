/**
 * What the gateway tells Prometheus: requests by API and outcome with their latency, and what the
 * audit publisher did with every event (published, spooled, replayed, lost and why). Served on
 * the management port, never the API port.
 */
package io.keytrail.gateway.metrics;
