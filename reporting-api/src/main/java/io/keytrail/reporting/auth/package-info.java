/**
 * The admin credential: a bearer token taken from the configuration or generated once into an
 * owner-only file in the data directory, and the handler that lets only its holders through.
 */
package io.keytrail.reporting.auth;
