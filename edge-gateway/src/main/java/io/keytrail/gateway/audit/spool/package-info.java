/**
 * The audit publisher's disk spool: where events wait, in order and across restarts, while Kafka
 * cannot take them, within a fixed disk budget.
 */
package io.keytrail.gateway.audit.spool;
