/**
 * The reporting-api benchmark (issue 8, item 7): ingest of pre-loaded audit events and usage
 * windows into H2, and the latency of the usage and trail reports over what was ingested.
 */
package io.keytrail.bench.reporting;
