/**
 * Routing: which API a request is for, decided by its host and the longest matching path prefix,
 * before any policy runs, because policies are configured per API. The routing table is replaced
 * whole when the configuration is reloaded.
 */
package io.keytrail.gateway.route;
