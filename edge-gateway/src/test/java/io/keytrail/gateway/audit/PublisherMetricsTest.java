package io.keytrail.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.gateway.metrics.GatewayMetrics;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the publisher did, as Prometheus scrapes it from the gateway. */
class PublisherMetricsTest {
    @TempDir
    Path dir;

    @Test
    void publishedSpooledAndDroppedEventsAndTheBufferAreExposed() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        try (GatewayMetrics metrics = new GatewayMetrics()) {
            KafkaAuditPublisher publisher = new KafkaAuditPublisher(producer, KafkaAuditPublisherTest.TOPICS, 1024, dir,
                    KafkaAuditPublisherTest.LIMITS, Duration.ofMillis(50));
            try {
                metrics.bind(publisher);
                publisher.offer(KafkaAuditPublisherTest.event(0));
                await(() -> producer.history().size() == 1);
                producer.completeNext();
                Thread.sleep(100);
                publisher.offer(KafkaAuditPublisherTest.event(1));
                publisher.offer(KafkaAuditPublisherTest.event(2));
                await(() -> metrics.scrape().contains("keytrail_audit_events_published_total 1.0"));
                String scrape = metrics.scrape();
                for (String meter : new String[] {"keytrail_audit_events_accepted_total 3.0",
                        "keytrail_audit_events_dropped_total{reason=\"buffer_full\"} 0.0",
                        "keytrail_audit_events_dropped_total{reason=\"spool_full\"} 0.0",
                        "keytrail_audit_events_dropped_total{reason=\"broker_rejected\"} 0.0",
                        "keytrail_audit_buffer_depth", "keytrail_audit_spool_bytes", "keytrail_audit_spooling",
                        "keytrail_audit_accepting 1.0", "keytrail_audit_publish_latency_seconds_count 1",
                        "keytrail_audit_events_spooled_total", "keytrail_audit_events_replayed_total",
                        "jvm_memory_used_bytes"}) {
                    assertTrue(scrape.contains(meter), meter + " missing from\n" + scrape);
                }
            } finally {
                publisher.close(Duration.ofMillis(100));
            }
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
