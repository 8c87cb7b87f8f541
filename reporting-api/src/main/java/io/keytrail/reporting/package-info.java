/**
 * reporting-api, keytrail's control plane: the application that wires configuration, database,
 * Kafka publisher and consumer and the HTTP routes together, and its command-line entry point.
 * Wiring is plain constructors, in {@link io.keytrail.reporting.ReportingApp#start} and
 * {@link io.keytrail.reporting.ReportingRoutes#build}; there is no container.
 */
package io.keytrail.reporting;
