package io.keytrail.gateway.metrics;

import io.keytrail.gateway.audit.KafkaAuditPublisher;
import io.keytrail.gateway.audit.PublisherStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/** The gateway's Prometheus registry and the audit publisher's meters on it. */
public final class GatewayMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public GatewayMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Meters reading the publisher's counters when scraped, and a timer it feeds. */
    public void bind(KafkaAuditPublisher publisher) {
        counter("keytrail.audit.events.accepted", "Events taken from the request path", publisher,
                PublisherStats.Snapshot::accepted);
        counter("keytrail.audit.events.published", "Events Kafka acknowledged, direct or replayed", publisher,
                PublisherStats.Snapshot::published);
        counter("keytrail.audit.events.spooled", "Events written to the disk spool", publisher,
                PublisherStats.Snapshot::spooled);
        counter("keytrail.audit.events.replayed", "Spooled events Kafka acknowledged", publisher,
                PublisherStats.Snapshot::replayed);
        dropped(publisher, "buffer_full", PublisherStats.Snapshot::droppedBufferFull);
        dropped(publisher, "spool_full", PublisherStats.Snapshot::droppedSpoolFull);
        dropped(publisher, "spool_error", PublisherStats.Snapshot::droppedSpoolError);
        dropped(publisher, "broker_rejected", PublisherStats.Snapshot::rejectedByBroker);
        dropped(publisher, "spool_dropped_oldest", s -> s.spool().dropped());
        counter("keytrail.audit.spool.corrupt.bytes", "Damaged spool bytes skipped (torn tails, bad checksums)",
                publisher, s -> s.spool().corruptBytes());
        gauge("keytrail.audit.buffer.depth", "Events waiting in memory for the publisher", publisher,
                PublisherStats.Snapshot::buffered);
        gauge("keytrail.audit.spool.bytes", "Bytes in the disk spool", publisher, PublisherStats.Snapshot::spoolBytes);
        gauge("keytrail.audit.spool.pending", "Spooled events not yet replayed", publisher,
                PublisherStats.Snapshot::spoolPending);
        gauge("keytrail.audit.spooling", "1 while events go to the spool instead of Kafka", publisher,
                s -> s.spooling() ? 1 : 0);
        Gauge.builder("keytrail.audit.accepting", publisher, p -> p.accepting() ? 1 : 0)
                .description("0 while the gateway refuses requests it could not audit (spool full, reject policy)")
                .register(registry);
        Timer latency = Timer.builder("keytrail.audit.publish.latency")
                .description("From handing an event to the producer to Kafka's acknowledgement")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        publisher.onPublishLatency(nanos -> latency.record(nanos, TimeUnit.NANOSECONDS));
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    private void counter(String name, String description, KafkaAuditPublisher publisher,
            ToDoubleFunction<PublisherStats.Snapshot> value) {
        FunctionCounter.builder(name, publisher, p -> value.applyAsDouble(p.stats()))
                .description(description)
                .register(registry);
    }

    private void dropped(KafkaAuditPublisher publisher, String reason, ToDoubleFunction<PublisherStats.Snapshot> value) {
        FunctionCounter.builder("keytrail.audit.events.dropped", publisher, p -> value.applyAsDouble(p.stats()))
                .description("Events lost, by reason")
                .tag("reason", reason)
                .register(registry);
    }

    private void gauge(String name, String description, KafkaAuditPublisher publisher,
            ToDoubleFunction<PublisherStats.Snapshot> value) {
        Gauge.builder(name, publisher, p -> value.applyAsDouble(p.stats())).description(description).register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
