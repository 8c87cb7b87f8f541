/**
 * The key registry benchmark: how long a fresh gateway takes to read a million-key keys topic
 * from a real broker until it may serve, and how many heap bytes each key then costs it.
 */
package io.keytrail.bench.registry;
