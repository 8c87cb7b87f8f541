/**
 * Who may call the API. Admins: a bearer token taken from the configuration or generated once
 * into an owner-only file in the data directory. Developers, on their self-service route only:
 * their own API key, with failed attempts limited per client IP.
 */
package io.keytrail.reporting.auth;
