/**
 * Making and fingerprinting API keys: the secret key itself, its public id, and the SHA-256 hash
 * that is the only form of the key stored or published. Nothing here keeps a key after returning it.
 */
package io.keytrail.reporting.keys;
