/**
 * The keytrail edge gateway: the data plane that lets in only requests carrying a valid API key,
 * proxies them upstream and publishes one audit event per authentication decision. This package
 * wires the parts together ({@link io.keytrail.gateway.GatewayApp}) and holds the process entry point.
 */
package io.keytrail.gateway;
