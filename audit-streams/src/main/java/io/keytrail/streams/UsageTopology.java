package io.keytrail.streams;

import io.keytrail.events.Alert;
import io.keytrail.events.AuthEvent;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.LastSeen;
import io.keytrail.events.Topics;
import io.keytrail.events.UsageWindow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;

/**
 * audit-streams as a pure function of its settings: the auth topics in; usage windows per developer
 * and per key, last-seen times, alerts and dead letters out. Reads top to bottom in data order.
 *
 * <ol>
 *   <li>Every record passes {@link InputCheck}: unreadable or implausible records go to the
 *       dead-letter topic with the reason; valid events continue stamped with their event time.</li>
 *   <li>Per developer and per key, on the partition the event arrived on ({@link SubjectAggregator}):
 *       the auth topics are keyed by developer and co-partitioned (checked at start-up), and a key
 *       belongs to one developer, so a task already holds all of its developers' and their keys'
 *       events and reads them in event-time order across its partitions. Tumbling windows of one
 *       minute, one hour and one day, each window's totals so far published after each commit
 *       (compacted topics, the latest record per key is the answer); first and last seen; the key
 *       alert rules. Only events whose record key is not their developer (a producer breaking the
 *       contract) take a detour through a repartition topic to their developer's partition.</li>
 *   <li>Per client IP: failures move to the IP's partition through a repartition topic, where the
 *       failure-burst rule counts them with caching off and fires once, when the count reaches the
 *       threshold.</li>
 * </ol>
 *
 * <p>Events that arrive after a window's grace period are dropped (Kafka Streams'
 * {@code dropped-records} metric) because the published window is already final for its readers.
 * Counting in place matters for that: the release before this one repartitioned every event by
 * developer and by key, and while catching up a backlog the upstream tasks' output interleaved on
 * the repartition topics so unevenly that event time jumped back by minutes, dropping window
 * updates even though every developer's own events were in order. Repartition topics and stores
 * have fixed names: they are this application's persistent state, and generated names would
 * change whenever the topology grows.
 */
public final class UsageTopology {
    static final String BY_DEVELOPER = "usage-by-developer";
    static final String BY_CLIENT_IP = "alerts-by-client-ip";
    /**
     * The IP rule's window store (and changelog). Renamed from {@code alert-failure-burst-ip} when
     * its retention grew from seconds to {@code ip-late}: a segmented store cannot change its
     * segment size in place, so the new one starts empty beside the old one's orphaned changelog.
     */
    static final String IP_FAILURE_BURST_STORE = "alert-ip-failure-bursts";

    private UsageTopology() {
    }

    /** The topology with default windows, input limits and alert thresholds. */
    public static Topology build(StreamsBuilder builder, Topics topics) {
        return build(builder, topics, WindowSettings.DEFAULTS, InputSettings.DEFAULTS, AlertSettings.DEFAULTS);
    }

    public static Topology build(StreamsBuilder builder, Topics topics, StreamsSettings settings) {
        return build(builder, topics, settings.windows(), settings.input(), settings.alerts(), settings.commit());
    }

    /** The topology with the default commit pacing. */
    public static Topology build(StreamsBuilder builder, Topics topics, WindowSettings windows, InputSettings input,
                                 AlertSettings alerts) {
        return build(builder, topics, windows, input, alerts, CommitPacing.DEFAULTS);
    }

    public static Topology build(StreamsBuilder builder, Topics topics, WindowSettings windows, InputSettings input,
                                 AlertSettings alerts, CommitPacing commit) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(alerts, "alerts");
        CommitPacing.Pacers pacers = new CommitPacing.Pacers(Objects.requireNonNull(commit, "commit"));
        Serde<AuthEvent> authEvents = InternalSerdes.authEvent();

        KStream<String, InputCheck.Checked> checked = builder.stream(List.of(topics.authSuccess(), topics.authFailure()),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                                .withTimestampExtractor(new AuthEventTimeExtractor())
                                .withName("auth-events"))
                .process(() -> new InputCheck(input), Named.as("check-input"));
        KStream<String, AuthEvent> events = checked
                .split(Named.as("input-"))
                .branch((key, c) -> c.deadLetter() != null, Branched.withConsumer(dead -> dead
                        .mapValues(InputCheck.Checked::deadLetter, Named.as("dead-letters"))
                        .to(topics.auditDeadLetters(), Produced.with(Serdes.String(), EventSerdes.deadLetter())
                                .withName("dead-letter-topic")), "dead"))
                .defaultBranch(Branched.as("valid"))
                .get("input-valid")
                .mapValues(InputCheck.Checked::event, Named.as("valid-events"));

        // Per developer and per key, where the events are. Counting must not depend on the producer
        // keying right, so an event keyed otherwise is moved to its developer's partition first.
        Map<String, KStream<String, AuthEvent>> developerEvents = events
                .filter((k, e) -> hasText(e.developerId()), Named.as("developer-events"))
                .split(Named.as("developer-"))
                .branch((k, e) -> e.developerId().equals(k), Branched.as("in-place"))
                .defaultBranch(Branched.as("elsewhere"));
        KStream<String, AuthEvent> moved = developerEvents.get("developer-elsewhere")
                .selectKey((k, e) -> e.developerId(), Named.as("key-by-developer"))
                .repartition(Repartitioned.with(Serdes.String(), authEvents).withName(BY_DEVELOPER));
        for (StoreBuilder<?> store : SubjectAggregator.stores(windows, alerts)) {
            builder.addStateStore(store);
        }
        developerEvents.get("developer-in-place")
                .merge(moved, Named.as("developer-events-all"))
                .process(() -> new SubjectAggregator(windows, alerts, pacers), Named.as("aggregate-subjects"),
                        SubjectAggregator.storeNames(windows, alerts))
                .split(Named.as("subject-"))
                .branch((k, v) -> v instanceof UsageWindow w && w.keyId() == null, Branched.withConsumer(s -> s
                        .mapValues(v -> (UsageWindow) v, Named.as("developer-usage"))
                        .to(topics.usage(), Produced.with(Serdes.String(), EventSerdes.usageWindow())
                                .withName("usage-developer-topic")), "usage"))
                .branch((k, v) -> v instanceof UsageWindow, Branched.withConsumer(s -> s
                        .mapValues(v -> (UsageWindow) v, Named.as("key-usage"))
                        .to(topics.keyUsage(), Produced.with(Serdes.String(), EventSerdes.usageWindow())
                                .withName("usage-key-topic")), "key-usage"))
                .branch((k, v) -> v instanceof LastSeen, Branched.withConsumer(s -> s
                        .mapValues(v -> (LastSeen) v, Named.as("last-seen"))
                        .to(topics.lastSeen(), Produced.with(Serdes.String(), EventSerdes.lastSeen())
                                .withName("last-seen-topic")), "last-seen"))
                .branch((k, v) -> v instanceof Alert, Branched.withConsumer(s -> s
                        .mapValues(v -> (Alert) v, Named.as("key-alerts"))
                        .to(topics.alerts(), Produced.with(Serdes.String(), EventSerdes.alert())
                                .withName("alerts-key-topic")), "alerts"))
                .noDefaultBranch();

        Produced<String, Alert> toAlerts = Produced.with(Serdes.String(), EventSerdes.alert());
        // Per client IP: failures, whether or not the key resolved.
        KStream<String, AuthEvent> ipFailures = events
                .filter((k, e) -> !e.success() && e.client() != null && hasText(e.client().ip()), Named.as("ip-failures"))
                .selectKey((k, e) -> e.client().ip(), Named.as("key-by-client-ip"))
                .repartition(Repartitioned.with(Serdes.String(), authEvents).withName(BY_CLIENT_IP));
        // Late failures still count here (alerts.ipLate()): this input is interleaved from every
        // upstream task and jumps back in event time while a backlog is caught up.
        Duration ipGrace = alerts.ipLate().compareTo(windows.grace()) > 0 ? alerts.ipLate() : windows.grace();
        countAlerts(ipFailures, IP_FAILURE_BURST_STORE, Alert.Type.FAILURE_BURST_IP, Alert.SubjectType.CLIENT_IP,
                alerts.failureWindow(), ipGrace, alerts.ipFailures())
                .to(topics.alerts(), toAlerts.withName("alerts-ip-failures"));

        return builder.build();
    }

    /** Name of the window store of {@code scope} ("developer" or "key") and {@code size}; also its changelog's suffix. */
    static String usageStore(String scope, Duration size) {
        return "usage-" + scope + "-" + size;
    }

    /** One alert per subject and window, when the window's count of {@code events} reaches {@code threshold}. */
    private static KStream<String, Alert> countAlerts(KStream<String, AuthEvent> events, String store, Alert.Type type,
                                                      Alert.SubjectType subjectType, Duration window, Duration grace,
                                                      int threshold) {
        return events.groupByKey(Grouped.with(Serdes.String(), InternalSerdes.authEvent()))
                .windowedBy(TimeWindows.ofSizeAndGrace(window, grace))
                .aggregate(AlertCount::empty, (subject, event, count) -> count.add(event), Named.as(store),
                        Materialized.<String, AlertCount, WindowStore<Bytes, byte[]>>as(store)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(InternalSerdes.alertCount())
                                // Every increment must reach the filter, or a count could jump past the threshold.
                                .withCachingDisabled())
                .toStream(Named.as(store + "-changes"))
                .filter((w, count) -> count.count() == threshold, Named.as(store + "-threshold"))
                .map((w, count) -> KeyValue.pair(w.key(), new Alert(Alert.SCHEMA_VERSION,
                        Alert.id(type, w.key(), w.window().startTime()), type, subjectType, w.key(),
                        w.window().startTime(), w.window().endTime(), count.count(), threshold, count.lastTime(),
                        type == Alert.Type.DEAD_KEY_USED ? count.reason() : null,
                        subjectType == Alert.SubjectType.KEY ? count.developerId() : null,
                        subjectType == Alert.SubjectType.KEY ? count.projectId() : null)), Named.as(store + "-alerts"));
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
