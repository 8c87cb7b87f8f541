/**
 * A real Apache Kafka broker without Docker: a single combined KRaft node started from the Kafka
 * jars on Maven Central, either in its own JVM for the local stack ({@link io.keytrail.infra.kafka.KafkaNode#main})
 * or inside a test JVM, and the JUnit 5 extension that gives every test module one broker per JVM.
 */
package io.keytrail.infra.kafka;
