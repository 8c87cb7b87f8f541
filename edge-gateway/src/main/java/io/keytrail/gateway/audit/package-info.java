/**
 * The audit trail's source: one {@link io.keytrail.events.AuthEvent} per authentication decision,
 * built when the exchange completes (so rejected requests are audited too) and handed to a
 * publisher that never blocks or fails the request.
 */
package io.keytrail.gateway.audit;
