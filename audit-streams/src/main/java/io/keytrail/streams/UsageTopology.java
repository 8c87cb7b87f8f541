package io.keytrail.streams;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.JsonSerde;
import io.keytrail.events.Topics;
import io.keytrail.events.UsageWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Per-developer usage: successes and failures counted in tumbling event-time windows and published
 * on the usage topic after every change.
 *
 * <p>Every update is emitted (no suppression) so reports are fresh within a commit interval; the
 * usage topic is compacted and each record carries the window's totals so far, so the latest record
 * per key is the answer. Events that arrive after the window's grace period are dropped (and counted
 * in Kafka Streams' {@code dropped-records} metric) because the published window is already final
 * for its readers.
 *
 * <p>The repartition topic and the window store have fixed names: they are part of this
 * application's persistent state, and generated names would change whenever the topology grows.
 */
public final class UsageTopology {
    public static final Duration DEFAULT_WINDOW_SIZE = Duration.ofMinutes(1);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    /** Suffix of the repartition topic that moves events to their developer's partition. */
    static final String BY_DEVELOPER = "usage-by-developer";
    /** Name of the window store, and the suffix of its changelog topic. */
    static final String COUNTS_STORE = "usage-counts";

    private UsageTopology() {
    }

    /** The usage topology with the default one-minute windows and 30 seconds of grace. */
    public static Topology build(StreamsBuilder builder, Topics topics) {
        return build(builder, topics, DEFAULT_WINDOW_SIZE, DEFAULT_GRACE);
    }

    /**
     * Adds the usage aggregation to {@code builder} and returns the built topology.
     *
     * @param windowSize length of the tumbling windows, aligned to the epoch (minutes start on :00)
     * @param grace      how long after a window's end, in event time, late events are still counted
     */
    public static Topology build(StreamsBuilder builder, Topics topics, Duration windowSize, Duration grace) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(topics, "topics");
        if (windowSize == null || windowSize.toMillis() < 1) {
            throw new IllegalArgumentException("window size must be at least 1 ms: " + windowSize);
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        JsonSerde<AuthEvent> authEvents = EventSerdes.authEvent();

        builder.stream(List.of(topics.authSuccess(), topics.authFailure()),
                        Consumed.with(Serdes.String(), authEvents)
                                .withTimestampExtractor(new AuthEventTimeExtractor())
                                .withName("auth-events"))
                // A failure whose key did not resolve belongs to a client IP, not to a developer.
                .filter((key, event) -> event != null && hasText(event.developerId()), Named.as("developer-events"))
                // The input key is the producer's choice; counting must not depend on it being right.
                .selectKey((key, event) -> event.developerId(), Named.as("key-by-developer"))
                .groupByKey(Grouped.with(BY_DEVELOPER, Serdes.String(), authEvents))
                .windowedBy(TimeWindows.ofSizeAndGrace(windowSize, grace))
                .aggregate(UsageCounts::empty,
                        (developer, event, counts) -> counts.add(event),
                        Named.as("count-usage"),
                        Materialized.<String, UsageCounts, WindowStore<Bytes, byte[]>>as(COUNTS_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(new JsonSerde<>(UsageCounts.class)))
                .toStream(Named.as("usage-changes"))
                .map((window, counts) -> toUsage(window, counts, windowSize), Named.as("usage-windows"))
                .to(topics.usage(), Produced.with(Serdes.String(), EventSerdes.usageWindow()).withName("usage"));

        return builder.build();
    }

    private static KeyValue<String, UsageWindow> toUsage(Windowed<String> window, UsageCounts counts, Duration size) {
        String developer = window.key();
        Instant start = window.window().startTime();
        UsageWindow usage = new UsageWindow(UsageWindow.SCHEMA_VERSION, developer, start, window.window().endTime(),
                counts.success(), counts.failure(), counts.lastEventTime());
        return KeyValue.pair(UsageWindow.key(developer, start, size), usage);
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
