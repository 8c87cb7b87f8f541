/**
 * Making, fingerprinting and sealing API keys: the secret key itself, its public id, the SHA-256
 * hash that gateways look keys up by, and the AES-256-GCM copy under the master key that lets an
 * admin reveal a key again. The plaintext key is never stored; nothing here keeps it after returning.
 */
package io.keytrail.reporting.keys;
