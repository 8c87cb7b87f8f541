/**
 * The audit pipeline benchmark: how many events per second audit-streams turns into usage windows
 * against the real broker, and how long after an event is sent a committed usage record counts it.
 */
package io.keytrail.bench.pipeline;
