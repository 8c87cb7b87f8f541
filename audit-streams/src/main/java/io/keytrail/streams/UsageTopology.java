package io.keytrail.streams;

import io.keytrail.events.Alert;
import io.keytrail.events.AuthEvent;
import io.keytrail.events.DeadLetter;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.FailureReason;
import io.keytrail.events.LastSeen;
import io.keytrail.events.Topics;
import io.keytrail.events.UsageWindow;
import java.time.Duration;
import java.util.List;
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
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * audit-streams as a pure function of its settings: the auth topics in; usage windows per developer
 * and per key, last-seen times, alerts and dead letters out. Reads top to bottom in data order.
 *
 * <ol>
 *   <li>Every record passes {@link InputCheck}: unreadable or implausible records go to the
 *       dead-letter topic with the reason; valid events continue stamped with their event time.</li>
 *   <li>Events are moved to their developer's, key's and (failures) client IP's partition, through
 *       repartition topics, so each instance owns whole subjects and instances scale by partition.</li>
 *   <li>Per developer and per key: tumbling windows of one minute, one hour and one day; every
 *       window's totals so far are published after each commit (compacted topics, the latest
 *       record per key is the answer); plus first and last seen.</li>
 *   <li>Alert rules count in their own windows with caching off and fire once, when a count
 *       reaches its threshold.</li>
 * </ol>
 *
 * <p>Events that arrive after a window's grace period are dropped (Kafka Streams'
 * {@code dropped-records} metric) because the published window is already final for its readers.
 * Repartition topics and stores have fixed names: they are this application's persistent state,
 * and generated names would change whenever the topology grows.
 */
public final class UsageTopology {
    static final String BY_DEVELOPER = "usage-by-developer";
    static final String BY_KEY = "usage-by-key";
    static final String BY_CLIENT_IP = "alerts-by-client-ip";

    private UsageTopology() {
    }

    /** The topology with default windows, input limits and alert thresholds. */
    public static Topology build(StreamsBuilder builder, Topics topics) {
        return build(builder, topics, WindowSettings.DEFAULTS, InputSettings.DEFAULTS, AlertSettings.DEFAULTS);
    }

    public static Topology build(StreamsBuilder builder, Topics topics, StreamsSettings settings) {
        return build(builder, topics, settings.windows(), settings.input(), settings.alerts());
    }

    public static Topology build(StreamsBuilder builder, Topics topics, WindowSettings windows, InputSettings input,
                                 AlertSettings alerts) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(alerts, "alerts");
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

        // Per developer. The input key is the producer's choice; counting must not depend on it being right.
        KStream<String, AuthEvent> byDeveloper = events
                .filter((k, e) -> hasText(e.developerId()), Named.as("developer-events"))
                .selectKey((k, e) -> e.developerId(), Named.as("key-by-developer"))
                .repartition(Repartitioned.with(Serdes.String(), authEvents).withName(BY_DEVELOPER));
        KGroupedStream<String, AuthEvent> developers = byDeveloper.groupByKey(Grouped.with(Serdes.String(), authEvents));
        for (Duration size : WindowSettings.SIZES) {
            usageWindows(developers, "developer", size, windows.grace(), false)
                    .to(topics.usage(), Produced.with(Serdes.String(), EventSerdes.usageWindow())
                            .withName("usage-developer-" + size));
        }
        lastSeen(developers, LastSeen.SubjectType.DEVELOPER).to(topics.lastSeen(),
                Produced.with(Serdes.String(), EventSerdes.lastSeen()).withName("last-seen-developer-topic"));

        // Per key: usage, last seen, and the key alerts.
        KStream<String, AuthEvent> byKey = events
                .filter((k, e) -> e.credential() != null && hasText(e.credential().keyId()), Named.as("key-events"))
                .selectKey((k, e) -> e.credential().keyId(), Named.as("key-by-key"))
                .repartition(Repartitioned.with(Serdes.String(), authEvents).withName(BY_KEY));
        KGroupedStream<String, AuthEvent> keys = byKey.groupByKey(Grouped.with(Serdes.String(), authEvents));
        for (Duration size : WindowSettings.SIZES) {
            usageWindows(keys, "key", size, windows.grace(), true)
                    .to(topics.keyUsage(), Produced.with(Serdes.String(), EventSerdes.usageWindow())
                            .withName("usage-key-" + size));
        }
        lastSeen(keys, LastSeen.SubjectType.KEY).to(topics.lastSeen(),
                Produced.with(Serdes.String(), EventSerdes.lastSeen()).withName("last-seen-key-topic"));

        Produced<String, Alert> toAlerts = Produced.with(Serdes.String(), EventSerdes.alert());
        KStream<String, AuthEvent> keyFailures = byKey.filter((k, e) -> !e.success(), Named.as("key-failures"));
        countAlerts(keyFailures, Alert.Type.FAILURE_BURST_KEY, Alert.SubjectType.KEY, alerts.failureWindow(),
                windows.grace(), alerts.keyFailures())
                .to(topics.alerts(), toAlerts.withName("alerts-key-failures"));
        countAlerts(keyFailures.filter((k, e) -> e.reason() == FailureReason.REVOKED_KEY
                                || e.reason() == FailureReason.EXPIRED_KEY, Named.as("dead-key-failures")),
                Alert.Type.DEAD_KEY_USED, Alert.SubjectType.KEY, alerts.deadKeyWindow(), windows.grace(), 1)
                .to(topics.alerts(), toAlerts.withName("alerts-dead-keys"));
        keyIpAlerts(byKey, alerts, windows.grace())
                .to(topics.alerts(), toAlerts.withName("alerts-key-ips"));

        // Per client IP: failures, whether or not the key resolved.
        KStream<String, AuthEvent> ipFailures = events
                .filter((k, e) -> !e.success() && e.client() != null && hasText(e.client().ip()), Named.as("ip-failures"))
                .selectKey((k, e) -> e.client().ip(), Named.as("key-by-client-ip"))
                .repartition(Repartitioned.with(Serdes.String(), authEvents).withName(BY_CLIENT_IP));
        countAlerts(ipFailures, Alert.Type.FAILURE_BURST_IP, Alert.SubjectType.CLIENT_IP, alerts.failureWindow(),
                windows.grace(), alerts.ipFailures())
                .to(topics.alerts(), toAlerts.withName("alerts-ip-failures"));

        return builder.build();
    }

    /** Name of the window store of {@code scope} ("developer" or "key") and {@code size}; also its changelog's suffix. */
    static String usageStore(String scope, Duration size) {
        return "usage-" + scope + "-" + size;
    }

    private static KStream<String, UsageWindow> usageWindows(KGroupedStream<String, AuthEvent> grouped, String scope,
                                                             Duration size, Duration grace, boolean perKey) {
        String store = usageStore(scope, size);
        return grouped.windowedBy(TimeWindows.ofSizeAndGrace(size, grace))
                .aggregate(UsageStats::empty,
                        (subject, event, stats) -> {
                            if (perKey) {
                                stats.keyId = subject;
                            }
                            return stats.add(event);
                        },
                        Named.as("count-" + store),
                        Materialized.<String, UsageStats, WindowStore<Bytes, byte[]>>as(store)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(new UsageStatsSerde()))
                .toStream(Named.as(store + "-changes"))
                .map((window, stats) -> toUsage(window, stats, perKey), Named.as(store + "-windows"));
    }

    private static KeyValue<String, UsageWindow> toUsage(Windowed<String> window, UsageStats stats, boolean perKey) {
        UsageWindow usage = stats.toWindow(window.window().startTime(), window.window().endTime(), perKey);
        return KeyValue.pair(usage.key(), usage);
    }

    private static KStream<String, LastSeen> lastSeen(KGroupedStream<String, AuthEvent> grouped, LastSeen.SubjectType type) {
        String store = "last-seen-" + type.name().toLowerCase(java.util.Locale.ROOT);
        return grouped.aggregate(SeenState::empty, (subject, event, seen) -> seen.add(event), Named.as(store),
                        Materialized.<String, SeenState, KeyValueStore<Bytes, byte[]>>as(store)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(InternalSerdes.seenState()))
                .toStream(Named.as(store + "-changes"))
                .map((subject, seen) -> KeyValue.pair(LastSeen.key(type, subject), seen.toLastSeen(type, subject)),
                        Named.as(store + "-records"));
    }

    /** One alert per subject and window, when the window's count of {@code events} reaches {@code threshold}. */
    private static KStream<String, Alert> countAlerts(KStream<String, AuthEvent> events, Alert.Type type,
                                                      Alert.SubjectType subjectType, Duration window, Duration grace,
                                                      int threshold) {
        String store = "alert-" + type.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
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

    private static KStream<String, Alert> keyIpAlerts(KStream<String, AuthEvent> byKey, AlertSettings alerts, Duration grace) {
        String store = "alert-key-many-ips";
        int threshold = alerts.keyIps();
        return byKey.filter((k, e) -> e.client() != null && hasText(e.client().ip()), Named.as(store + "-with-ip"))
                .groupByKey(Grouped.with(Serdes.String(), InternalSerdes.authEvent()))
                .windowedBy(TimeWindows.ofSizeAndGrace(alerts.keyIpWindow(), grace))
                .aggregate(IpSet::empty, (key, event, ips) -> ips.add(event, threshold), Named.as(store),
                        Materialized.<String, IpSet, WindowStore<Bytes, byte[]>>as(store)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(InternalSerdes.ipSet())
                                .withCachingDisabled())
                .toStream(Named.as(store + "-changes"))
                .filter((w, ips) -> ips.reached(), Named.as(store + "-threshold"))
                .map((w, ips) -> KeyValue.pair(w.key(), new Alert(Alert.SCHEMA_VERSION,
                        Alert.id(Alert.Type.KEY_MANY_IPS, w.key(), w.window().startTime()), Alert.Type.KEY_MANY_IPS,
                        Alert.SubjectType.KEY, w.key(), w.window().startTime(), w.window().endTime(), ips.ips().size(),
                        threshold, ips.lastTime(), null, ips.developerId(), ips.projectId())), Named.as(store + "-alerts"));
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
