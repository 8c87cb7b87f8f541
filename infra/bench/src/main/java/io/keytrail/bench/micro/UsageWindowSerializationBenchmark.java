package io.keytrail.bench.micro;

import io.keytrail.events.EventSerdes;
import io.keytrail.events.FailureReason;
import io.keytrail.events.Json;
import io.keytrail.events.JsonSerde;
import io.keytrail.events.UsageWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.kll.KllLongsSketch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing one published usage window, as audit-streams does for every window changed since the
 * last commit: an hour of a developer with 5,000 requests from 300 client IPs over 12 endpoints.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UsageWindowSerializationBenchmark {
    private final JsonSerde<UsageWindow> serde = EventSerdes.usageWindow();
    private final com.fasterxml.jackson.databind.ObjectWriter jackson = Json.mapper().writerFor(UsageWindow.class);
    private final UsageWindow window = window();

    @Benchmark
    public byte[] serializeUsageWindow() {
        return serde.serialize("keytrail.usage", window);
    }

    /** The same window through Jackson: what the serde does for windows with texts that need escaping. */
    @Benchmark
    public byte[] serializeUsageWindowWithJackson() throws com.fasterxml.jackson.core.JsonProcessingException {
        return jackson.writeValueAsBytes(window);
    }

    static UsageWindow window() {
        Random random = new Random(1);
        KllLongsSketch latency = KllLongsSketch.newHeapInstance(UsageWindow.LatencySummary.SKETCH_K);
        HllSketch ips = new HllSketch(UsageWindow.DistinctCount.SKETCH_LG_K, TgtHllType.HLL_8);
        for (int i = 0; i < 5_000; i++) {
            latency.update(500 + random.nextInt(20_000));
            ips.update("10.0." + random.nextInt(300));
        }
        List<UsageWindow.ApiCount> apis = new ArrayList<>();
        List<UsageWindow.EndpointCount> endpoints = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            apis.add(new UsageWindow.ApiCount("api-" + i, "/v1/things-" + i + "/{id}", 1_000 + i, 40 + i));
            for (String method : List.of("GET", "POST", "DELETE")) {
                endpoints.add(new UsageWindow.EndpointCount(method, "api-" + i, "/v1/things-" + i + "/{id}", 300 + i));
            }
        }
        Instant start = Instant.parse("2026-12-07T10:00:00Z");
        return new UsageWindow(UsageWindow.SCHEMA_VERSION, "developer-17", start, start.plusSeconds(3600), 4_800, 200,
                start.plusMillis(3_599_123), null, null, start.plusMillis(250),
                Map.of(FailureReason.UNKNOWN_KEY, 150L, FailureReason.RATE_LIMITED, 50L), Map.of("2xx", 4_800L, "4xx", 200L),
                apis, endpoints.subList(0, 10),
                new UsageWindow.LatencySummary(latency.getQuantile(0.5), latency.getQuantile(0.95),
                        latency.getQuantile(0.99), 20_499, latency.toByteArray()),
                new UsageWindow.DistinctCount(Math.round(ips.getEstimate()), ips.toCompactByteArray()));
    }
}
