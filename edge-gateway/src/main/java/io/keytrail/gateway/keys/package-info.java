/**
 * The gateway's key registry: an in-memory map from the SHA-256 of a key to what the gateway must
 * know about it, fed from the compacted keys topic. The request path only reads it; no database
 * or network call stands between a request and its authentication decision.
 */
package io.keytrail.gateway.keys;
