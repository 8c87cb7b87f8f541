/**
 * The gateway benchmark: nginx alone, nginx as a key-checking proxy, keytrail without and with
 * key-auth and auditing, measured with wrk at saturation and with the open-loop generator at a
 * fixed rate, interleaved so machine drift cancels.
 */
package io.keytrail.bench.gateway;
