/** JMH micro-benchmarks of the per-request work of the gateway: key checking and audit event serialization. */
package io.keytrail.bench.micro;
