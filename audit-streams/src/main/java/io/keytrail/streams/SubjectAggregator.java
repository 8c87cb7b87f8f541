package io.keytrail.streams;

import io.keytrail.events.Alert;
import io.keytrail.events.AuthEvent;
import io.keytrail.events.FailureReason;
import io.keytrail.events.LastSeen;
import io.keytrail.events.UsageWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.processor.internals.metrics.StreamsMetricsImpl;
import org.apache.kafka.streams.processor.internals.metrics.TaskMetrics;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything audit-streams computes per developer and per key, on the partition the event arrived
 * on: usage windows (minute, hour, day) per developer and per key, last seen per developer and per
 * key, and the key alert rules. The auth topics are keyed by developer, and a key belongs to one
 * developer, so one task sees all of a developer's and its keys' events, in event-time order across
 * the task's partitions — nothing travels through a repartition topic, whose uneven interleaving of
 * upstream tasks made event time jump back by minutes while catching up a backlog.
 *
 * <p>Windows are kept as objects in memory while open and changed in place per event. Each changed
 * window is written to its changelogged store, and published, once per commit: {@link CommitHook}
 * calls {@link #commit()} while Kafka Streams prepares the commit, so the store, its changelog, the
 * published windows and the input offsets commit in one transaction. After a failed transaction
 * the task's stores are restored from their changelogs and the in-memory objects are dropped
 * ({@link #discard()}, and {@link #init} on a revived task), so nothing is counted twice.
 *
 * <p>Late events are handled as Kafka Streams' windowed aggregations do: a window accepts events
 * until its end plus the grace period has passed in stream time (the largest event time this task
 * has seen); later ones are counted in the task's {@code dropped-records} metric. Alert rules fire
 * when their count reaches the threshold, on the event that reaches it.
 */
final class SubjectAggregator implements Processor<String, AuthEvent, String, Object> {
    static final String COMMIT_HOOK = "subject-commit-hook";
    static final String LAST_SEEN_DEVELOPER = "last-seen-developer";
    static final String LAST_SEEN_KEY = "last-seen-key";
    static final String ALERT_KEY_FAILURES = "alert-failure-burst-key";
    static final String ALERT_DEAD_KEY = "alert-dead-key-used";
    static final String ALERT_KEY_IPS = "alert-key-many-ips";
    /** Beyond this many windows in memory (all written), the clean ones are dropped and re-read on use. */
    static final int MAX_OPEN = 50_000;
    /** A subject's slot numbers: a usage window per size (0 to 2), then the key alert rules. */
    private static final int KEY_FAILURES = WindowSettings.SIZES.size();
    private static final int DEAD_KEYS = KEY_FAILURES + 1;
    private static final int KEY_IPS = KEY_FAILURES + 2;
    private static final int KINDS = KEY_FAILURES + 3;

    private final AlertSettings alerts;
    private final CommitPacing.Pacers pacers;
    private CommitPacing.Pacer pacer;
    /** The schedule asking for commits; null while there is nothing to write. */
    private Cancellable asking;
    private final List<Windows<UsageStats>> developerUsage = new ArrayList<>();
    private final List<Windows<UsageStats>> keyUsage = new ArrayList<>();
    private final Windows<AlertCount> keyFailures;
    private final Windows<AlertCount> deadKeys;
    private final Windows<IpSet> keyIps;
    private final Seen developersSeen = new Seen(LAST_SEEN_DEVELOPER, LastSeen.SubjectType.DEVELOPER);
    private final Seen keysSeen = new Seen(LAST_SEEN_KEY, LastSeen.SubjectType.KEY);
    private final List<Windows<?>> allWindows = new ArrayList<>();
    /** Each developer's and key's current windows and last seen, found with one lookup per event. */
    private final Map<String, Subject> developers = new HashMap<>();
    private final Map<String, Subject> keys = new HashMap<>();

    private ProcessorContext<String, Object> context;
    private InternalProcessorContext<String, Object> internal;
    private ProcessorNode<?, ?, ?, ?> node;
    private Sensor dropped;
    private long streamTime = Long.MIN_VALUE;
    /** Late events are logged (the first few per task instance) besides being counted in the metric. */
    private int droppedLogged;
    private static final int MAX_DROP_LOGS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(SubjectAggregator.class);

    SubjectAggregator(WindowSettings windows, AlertSettings alerts, CommitPacing.Pacers pacers) {
        Objects.requireNonNull(windows, "windows");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.pacers = Objects.requireNonNull(pacers, "pacers");
        UsageStatsSerde usage = UsageStatsSerde.withoutMemo();
        for (Duration size : WindowSettings.SIZES) {
            developerUsage.add(new Windows<>(UsageTopology.usageStore("developer", size), size, windows.grace(),
                    stats -> usage.serialize(null, stats), bytes -> usage.deserialize(null, bytes)));
            keyUsage.add(new Windows<>(UsageTopology.usageStore("key", size), size, windows.grace(),
                    stats -> usage.serialize(null, stats), bytes -> usage.deserialize(null, bytes)));
        }
        BinarySerde<AlertCount> counts = InternalSerdes.alertCount();
        keyFailures = new Windows<>(ALERT_KEY_FAILURES, alerts.failureWindow(), windows.grace(),
                c -> counts.serialize(null, c), b -> counts.deserialize(null, b));
        deadKeys = new Windows<>(ALERT_DEAD_KEY, alerts.deadKeyWindow(), windows.grace(),
                c -> counts.serialize(null, c), b -> counts.deserialize(null, b));
        BinarySerde<IpSet> ipSets = InternalSerdes.ipSet();
        keyIps = new Windows<>(ALERT_KEY_IPS, alerts.keyIpWindow(), windows.grace(),
                s -> ipSets.serialize(null, s), b -> ipSets.deserialize(null, b));
        allWindows.addAll(developerUsage);
        allWindows.addAll(keyUsage);
        allWindows.addAll(List.of(keyFailures, deadKeys, keyIps));
    }

    /** The stores the aggregator of {@code windows} and {@code alerts} needs, to add to the topology. */
    static List<StoreBuilder<?>> stores(WindowSettings windows, AlertSettings alerts) {
        List<StoreBuilder<?>> stores = new ArrayList<>();
        for (String scope : List.of("developer", "key")) {
            for (Duration size : WindowSettings.SIZES) {
                stores.add(windowStore(UsageTopology.usageStore(scope, size), size, windows.grace()));
            }
        }
        stores.add(windowStore(ALERT_KEY_FAILURES, alerts.failureWindow(), windows.grace()));
        stores.add(windowStore(ALERT_DEAD_KEY, alerts.deadKeyWindow(), windows.grace()));
        stores.add(windowStore(ALERT_KEY_IPS, alerts.keyIpWindow(), windows.grace()));
        for (String name : List.of(LAST_SEEN_DEVELOPER, LAST_SEEN_KEY)) {
            stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                    Serdes.ByteArray()).withCachingDisabled());
        }
        stores.add(CommitHook.builder(COMMIT_HOOK));
        return stores;
    }

    /** The names of {@link #stores}, for connecting them to the processor. */
    static String[] storeNames(WindowSettings windows, AlertSettings alerts) {
        return stores(windows, alerts).stream().map(StoreBuilder::name).toArray(String[]::new);
    }

    private static StoreBuilder<WindowStore<String, byte[]>> windowStore(String name, Duration size, Duration grace) {
        // Changelogged (the default), no cache: this processor is the cache, and writes once per commit.
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, size.plus(grace), size, false),
                Serdes.String(), Serdes.ByteArray()).withCachingDisabled();
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        if (!(context instanceof InternalProcessorContext<String, Object> internalContext)) {
            throw new IllegalStateException("SubjectAggregator needs Kafka Streams' own processor context, got "
                    + context.getClass().getName());
        }
        internal = internalContext;
        node = internal.currentNode();
        if (node == null) {
            throw new IllegalStateException("SubjectAggregator: Kafka Streams set no current node during init");
        }
        dropped = TaskMetrics.droppedRecordsSensor(Thread.currentThread().getName(), context.taskId().toString(),
                (StreamsMetricsImpl) context.metrics());
        for (Windows<?> w : allWindows) {
            w.attach(context.getStateStore(w.storeName));
        }
        developersSeen.attach(context.getStateStore(LAST_SEEN_DEVELOPER));
        keysSeen.attach(context.getStateStore(LAST_SEEN_KEY));
        CommitHook hook = context.getStateStore(COMMIT_HOOK);
        hook.bind(this::commit, this::discard);
        pacer = pacers.forCurrentThread();
        // A revived or resumed task is initialised again; its old schedule would still be running.
        stopAskingForCommits();
        // A revived task re-initializes its processors after restoring the stores: start from them.
        discard();
        streamTime = Long.MIN_VALUE;
    }

    @Override
    public void process(Record<String, AuthEvent> record) {
        if (pacer.committing()) {
            pacer.running();
        }
        if (asking == null) {
            askForCommits();
        }
        AuthEvent event = record.value();
        long time = record.timestamp();
        streamTime = Math.max(streamTime, time);
        String developer = event.developerId();
        String key = event.credential() == null ? null : blankToNull(event.credential().keyId());
        UsageStats.Derived derived = UsageStats.Derived.of(event);
        Subject dev = subject(developers, developer);
        for (int i = 0; i < developerUsage.size(); i++) {
            developerUsage.get(i).update(dev, i, developer, time, UsageStats::empty, stats -> stats.add(event, derived));
        }
        developersSeen.update(dev, developer, event);
        if (key == null) {
            return;
        }
        Subject k = subject(keys, key);
        for (int i = 0; i < keyUsage.size(); i++) {
            keyUsage.get(i).update(k, i, key, time, UsageStats::empty, stats -> {
                stats.keyId = key;
                return stats.add(event, derived);
            });
        }
        keysSeen.update(k, key, event);
        if (!event.success()) {
            countAlert(keyFailures, k, KEY_FAILURES, key, event, record, Alert.Type.FAILURE_BURST_KEY, alerts.keyFailures());
            if (event.reason() == FailureReason.REVOKED_KEY || event.reason() == FailureReason.EXPIRED_KEY) {
                countAlert(deadKeys, k, DEAD_KEYS, key, event, record, Alert.Type.DEAD_KEY_USED, 1);
            }
        }
        if (event.client() != null && event.client().ip() != null && !event.client().ip().isBlank()) {
            int threshold = alerts.keyIps();
            IpSet ips = keyIps.update(k, KEY_IPS, key, time, IpSet::empty, set -> set.add(event, threshold));
            if (ips != null && ips.reached()) {
                long start = keyIps.windowStart(time);
                context.forward(record.withKey(key).withValue(new Alert(Alert.SCHEMA_VERSION,
                        Alert.id(Alert.Type.KEY_MANY_IPS, key, Instant.ofEpochMilli(start)), Alert.Type.KEY_MANY_IPS,
                        Alert.SubjectType.KEY, key, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + keyIps.size),
                        ips.ips().size(), threshold, ips.lastTime(), null, ips.developerId(), ips.projectId())));
            }
        }
    }

    private void countAlert(Windows<AlertCount> rule, Subject k, int kind, String key, AuthEvent event,
                            Record<String, AuthEvent> record, Alert.Type type, int threshold) {
        AlertCount count = rule.update(k, kind, key, record.timestamp(), AlertCount::empty, c -> c.add(event));
        if (count != null && count.count() == threshold) {
            long start = rule.windowStart(record.timestamp());
            context.forward(record.withKey(key).withValue(new Alert(Alert.SCHEMA_VERSION,
                    Alert.id(type, key, Instant.ofEpochMilli(start)), type, Alert.SubjectType.KEY, key,
                    Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + rule.size), count.count(), threshold,
                    count.lastTime(), type == Alert.Type.DEAD_KEY_USED ? count.reason() : null, count.developerId(),
                    count.projectId())));
        }
    }

    /**
     * Writes every window and last-seen record changed since the last commit to its store (and so
     * its changelog) and publishes it. Runs inside Kafka Streams' commit, outside {@link #process},
     * so it takes this processor's place in the context the way Kafka Streams' cache flush does.
     */
    void commit() {
        pacer.flushing(System.nanoTime());
        try {
            flushDirty();
        } finally {
            pacer.flushed(System.nanoTime());
        }
    }

    private void flushDirty() {
        if (!hasDirty()) {
            return;
        }
        ProcessorNode<?, ?, ?, ?> previousNode = internal.currentNode();
        ProcessorRecordContext previousRecord = internal.recordContext();
        internal.setCurrentNode(node);
        try {
            for (Windows<UsageStats> w : developerUsage) {
                w.writeDirty((subject, start, stats) -> publish(w, start, stats, false));
            }
            for (Windows<UsageStats> w : keyUsage) {
                w.writeDirty((subject, start, stats) -> publish(w, start, stats, true));
            }
            keyFailures.writeDirty((subject, start, count) -> useTime(count.lastTime()));
            deadKeys.writeDirty((subject, start, count) -> useTime(count.lastTime()));
            keyIps.writeDirty((subject, start, ips) -> useTime(ips.lastTime()));
            developersSeen.writeDirty();
            keysSeen.writeDirty();
            for (Windows<?> w : allWindows) {
                w.forgetClosed(streamTime);
            }
            // The subjects only point at slots and last-seen records; dropping them costs a lookup each.
            if (developers.size() > MAX_OPEN) {
                developers.clear();
            }
            if (keys.size() > MAX_OPEN) {
                keys.clear();
            }
        } finally {
            internal.setRecordContext(previousRecord);
            internal.setCurrentNode(previousNode);
        }
    }

    /**
     * Asks Kafka Streams for a commit every commit interval while there is something to write (it
     * commits every commit-max-interval on its own). A wall-clock punctuation marks the task as
     * needing a commit, so the schedule stops while there is nothing to write, or an idle instance
     * would commit an empty transaction every interval.
     */
    private void askForCommits() {
        long behindMillis = pacers.pacing().maxInterval().toMillis();
        asking = context.schedule(pacers.pacing().interval(), PunctuationType.WALL_CLOCK_TIME, now -> {
            pacer.running();
            if (!hasDirty()) {
                stopAskingForCommits();
                return;
            }
            boolean behind = streamTime != Long.MIN_VALUE && now - streamTime > behindMillis;
            if (pacer.due(System.nanoTime(), behind)) {
                context.commit();
            }
        });
    }

    private void stopAskingForCommits() {
        if (asking != null) {
            asking.cancel();
            asking = null;
        }
    }

    @Override
    public void close() {
        stopAskingForCommits();
    }

    private boolean hasDirty() {
        boolean any = developersSeen.hasDirty() || keysSeen.hasDirty();
        for (Windows<?> w : allWindows) {
            any |= w.hasDirty();
        }
        return any;
    }

    /** Forgets the in-memory state: the stores hold what was committed. */
    void discard() {
        for (Windows<?> w : allWindows) {
            w.clear();
        }
        developersSeen.clear();
        keysSeen.clear();
        developers.clear();
        keys.clear();
    }

    private static Subject subject(Map<String, Subject> subjects, String id) {
        Subject subject = subjects.get(id);
        if (subject == null) {
            subject = new Subject();
            subjects.put(id, subject);
        }
        return subject;
    }

    private void publish(Windows<UsageStats> w, long start, UsageStats stats, boolean perKey) {
        UsageWindow usage = stats.toWindow(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + w.size), perKey);
        long time = stats.lastMillis == Long.MIN_VALUE ? start : stats.lastMillis;
        useTime(time);
        context.forward(new Record<>(usage.key(), usage, time));
    }

    /** The record context the store's changelog and the sinks read while committing. */
    private void useTime(Instant time) {
        useTime(time == null ? Math.max(streamTime, 0) : time.toEpochMilli());
    }

    private void useTime(long time) {
        internal.setRecordContext(new ProcessorRecordContext(time, -1, -1, null, new RecordHeaders()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static StreamsException earlierRelease(String store, RuntimeException e) {
        return new StreamsException("store " + store + " holds state this release cannot read (" + e.getMessage()
                + "); it was most likely written by an audit-streams that repartitioned by key: stop audit-streams, reset"
                + " the application and delete its state directory as docs/policy-streams.md says (\"Upgrading\")", e);
    }

    /** What {@link #commit()} does with each written window besides storing it. */
    private interface Written<V> {
        void accept(String subject, long start, V value);
    }

    /** One window size of one kind of state: the open windows in memory, over a window store. */
    private final class Windows<V> {
        final String storeName;
        final long size;
        final long grace;
        final Function<V, byte[]> write;
        final Function<byte[], V> read;
        final Map<WindowId, Slot<V>> open = new HashMap<>();
        final List<Slot<V>> dirty = new ArrayList<>();
        WindowStore<String, byte[]> store;

        Windows(String storeName, Duration size, Duration grace, Function<V, byte[]> write, Function<byte[], V> read) {
            this.storeName = storeName;
            this.size = size.toMillis();
            this.grace = grace.toMillis();
            this.write = write;
            this.read = read;
        }

        void attach(WindowStore<String, byte[]> store) {
            this.store = store;
        }

        long windowStart(long time) {
            return time - Math.floorMod(time, size);
        }

        /**
         * Applies {@code change} to {@code subject}'s window of {@code time}; null when the window has
         * closed. {@code holder} remembers the window last used, as its slot number {@code kind}.
         */
        @SuppressWarnings("unchecked")
        V update(Subject holder, int kind, String subject, long time, Supplier<V> empty, UnaryOperator<V> change) {
            long start = windowStart(time);
            if (start + size + grace <= streamTime) {
                dropped.record();
                if (droppedLogged < MAX_DROP_LOGS) {
                    droppedLogged++;
                    LOG.warn("skipping an event for the closed window {}@{} of {} ({} ms late: stream time {}, grace {} ms; {})",
                            subject, Instant.ofEpochMilli(start), storeName, streamTime - start - size - grace,
                            Instant.ofEpochMilli(streamTime), grace, context.recordMetadata()
                                    .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?"));
                }
                return null;
            }
            Slot<V> slot = (Slot<V>) holder.slots[kind];
            if (slot == null || slot.start != start || !slot.live) {
                slot = slot(subject, start, empty);
                holder.slots[kind] = slot;
            }
            slot.value = change.apply(slot.value);
            if (!slot.dirty) {
                slot.dirty = true;
                dirty.add(slot);
            }
            return slot.value;
        }

        private Slot<V> slot(String subject, long start, Supplier<V> empty) {
            WindowId id = new WindowId(subject, start);
            Slot<V> slot = open.get(id);
            if (slot == null) {
                byte[] stored = store.fetch(subject, start);
                V value;
                try {
                    value = stored == null ? empty.get() : read.apply(stored);
                } catch (RuntimeException e) {
                    throw earlierRelease(storeName, e);
                }
                slot = new Slot<>(subject, start, value);
                open.put(id, slot);
            }
            return slot;
        }

        boolean hasDirty() {
            return !dirty.isEmpty();
        }

        void writeDirty(Written<V> then) {
            for (Slot<V> slot : dirty) {
                then.accept(slot.subject, slot.start, slot.value);
                store.put(slot.subject, write.apply(slot.value), slot.start);
                slot.dirty = false;
            }
            dirty.clear();
        }

        /** After {@link #writeDirty}: drops windows no event can change any more, or all when too many. */
        void forgetClosed(long now) {
            if (open.size() > MAX_OPEN) {
                forgetAll();
                return;
            }
            open.values().removeIf(slot -> {
                boolean closed = slot.start + size + grace <= now;
                if (closed) {
                    slot.forget();
                }
                return closed;
            });
        }

        void clear() {
            forgetAll();
            dirty.clear();
        }

        /** Subjects may still point at the slots: they must not count into a slot no commit writes. */
        private void forgetAll() {
            open.values().forEach(Slot::forget);
            open.clear();
        }
    }

    private record WindowId(String subject, long start) {
    }

    private static final class Slot<V> {
        final String subject;
        final long start;
        V value;
        boolean dirty;
        /** False once forgotten by its {@link Windows}. */
        boolean live = true;

        /** Subjects may still point here until their next event: they must neither count here nor keep the value alive. */
        void forget() {
            live = false;
            value = null;
        }

        Slot(String subject, long start, V value) {
            this.subject = subject;
            this.start = start;
            this.value = value;
        }
    }

    /** A developer's or key's slots, by kind (usage window sizes, then alert rules), and its last seen. */
    private static final class Subject {
        final Slot<?>[] slots = new Slot<?>[KINDS];
        SeenSlot seen;
    }

    /** One subject's last seen while in memory. */
    private static final class SeenSlot {
        final String subject;
        SeenState state;
        boolean dirty;
        boolean live = true;

        SeenSlot(String subject, SeenState state) {
            this.subject = subject;
            this.state = state;
        }
    }

    /** Last seen of one subject type: in memory between commits, over a key-value store. */
    private final class Seen {
        final String storeName;
        final LastSeen.SubjectType type;
        final BinarySerde<SeenState> serde = InternalSerdes.seenState();
        final Map<String, SeenSlot> open = new HashMap<>();
        final List<SeenSlot> dirty = new ArrayList<>();
        KeyValueStore<String, byte[]> store;

        Seen(String storeName, LastSeen.SubjectType type) {
            this.storeName = storeName;
            this.type = type;
        }

        void attach(KeyValueStore<String, byte[]> store) {
            this.store = store;
        }

        void update(Subject holder, String subject, AuthEvent event) {
            SeenSlot seen = holder.seen;
            if (seen == null || !seen.live) {
                seen = open.get(subject);
                if (seen == null) {
                    byte[] stored = store.get(subject);
                    try {
                        seen = new SeenSlot(subject, stored == null ? SeenState.empty() : serde.deserialize(null, stored));
                    } catch (RuntimeException e) {
                        throw earlierRelease(storeName, e);
                    }
                    open.put(subject, seen);
                }
                holder.seen = seen;
            }
            seen.state = seen.state.add(event);
            if (!seen.dirty) {
                seen.dirty = true;
                dirty.add(seen);
            }
        }

        boolean hasDirty() {
            return !dirty.isEmpty();
        }

        void writeDirty() {
            for (SeenSlot slot : dirty) {
                SeenState seen = slot.state;
                useTime(seen.lastSeen());
                store.put(slot.subject, serde.serialize(null, seen));
                context.forward(new Record<>(LastSeen.key(type, slot.subject), seen.toLastSeen(type, slot.subject),
                        seen.lastSeen() == null ? Math.max(streamTime, 0) : seen.lastSeen().toEpochMilli()));
                slot.dirty = false;
            }
            dirty.clear();
            if (open.size() > MAX_OPEN) {
                forgetAll();
            }
        }

        void clear() {
            forgetAll();
            dirty.clear();
        }

        private void forgetAll() {
            open.values().forEach(slot -> {
                slot.live = false;
                slot.state = null;
            });
            open.clear();
        }
    }
}
