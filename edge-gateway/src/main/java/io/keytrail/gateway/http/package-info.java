/**
 * HTTP concerns shared by every stage of the chain: the typed per-request attachments, the closed
 * set of gateway errors and their one JSON rendering, request ids, and the chain's assembly.
 */
package io.keytrail.gateway.http;
