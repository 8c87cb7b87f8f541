/**
 * The audit pipeline benchmark: how many events per second audit-streams turns into usage against
 * the real broker, and how long after a gateway response the developer's usage report shows it.
 */
package io.keytrail.bench.pipeline;
