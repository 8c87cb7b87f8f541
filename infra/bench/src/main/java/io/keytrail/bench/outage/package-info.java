/**
 * The outage benchmark: the gateway's latency on a keyed, audited API while its Kafka broker runs,
 * is frozen (a partition: connections hang, nothing is acknowledged), is killed and comes back,
 * with the audit spool's counters showing where the events went meanwhile.
 */
package io.keytrail.bench.outage;
