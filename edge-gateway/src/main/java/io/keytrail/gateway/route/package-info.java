/**
 * Routing: which API a request is for, decided by the longest matching path prefix, before any
 * policy runs, because policies are configured per API.
 */
package io.keytrail.gateway.route;
