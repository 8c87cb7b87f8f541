/**
 * Authentication policies. Each one either attaches a successful {@link io.keytrail.gateway.auth.AuthDecision}
 * and passes the request on, or attaches a failed one and answers; the audit stage turns the
 * decision into an event either way.
 */
package io.keytrail.gateway.auth;
