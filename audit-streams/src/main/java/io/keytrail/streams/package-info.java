/**
 * audit-streams: the Kafka Streams application that turns the gateway's authentication events
 * into per-developer usage windows. It owns no contract of its own; everything it reads and writes
 * is defined in {@code io.keytrail.events}, so consumers of the usage topic never depend on this
 * module. The topology is kept free of process concerns (configuration, start-up, shutdown) so it
 * can be unit-tested with {@code TopologyTestDriver} and extended with further aggregations.
 */
package io.keytrail.streams;
