/**
 * HTTP plumbing shared by every route: the closed set of API errors and the one handler that turns
 * them (and anything unexpected) into JSON, request ids, strict JSON bodies, health, and the
 * Undertow server itself. Handlers here know nothing about keys, usage or the database.
 */
package io.keytrail.reporting.http;
