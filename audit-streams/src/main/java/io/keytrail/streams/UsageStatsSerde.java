package io.keytrail.streams;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllLongsSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary form of {@link UsageStats} in the window stores and their changelogs. Binary rather
 * than JSON because every event reads and writes it several times (once per window size). The
 * first byte is a format version: a new version must keep reading the old one, since a restarted
 * instance restores its stores from changelogs written by the previous release.
 *
 * <p>Format 2 is format 1's fields with an identity (random per JVM, then counted) and a version,
 * bumped on every write, and plain length-prefixed UTF-8 strings written into one growable array
 * (format 1 went through DataOutputStream, two locks and a copy per string). Kafka Streams' record cache holds bytes, so each event used to parse its windows
 * back, sketches included, only to change a few counters; now the object that wrote version v of
 * an identity is remembered, and bytes carrying that identity and version are answered with it.
 * The object changes only in the aggregator, whose result is written (and the version bumped)
 * before anything reads it again, so it always equals its latest bytes. Any other bytes (an
 * older version restored after an aborted transaction, another JVM's, format 1) are parsed, and
 * the copy gets a new identity when it is first written.
 */
final class UsageStatsSerde implements Serde<UsageStats>, Serializer<UsageStats>, Deserializer<UsageStats> {
    private static final byte FORMAT_1 = 1;
    private static final byte FORMAT = 2;
    /** Bounds the remembered objects: beyond it the memo starts over, costing only parses. */
    static final int MEMO_MAX = 4096;
    private static final Map<Long, UsageStats> MEMO = new ConcurrentHashMap<>();
    private static final long ID_BASE = new SecureRandom().nextLong();
    private static final AtomicLong NEXT_ID = new AtomicLong();

    private final boolean memo;

    /** With the memo: for a caller that writes an object after every change, before anything reads it again. */
    UsageStatsSerde() {
        this(true);
    }

    private UsageStatsSerde(boolean memo) {
        this.memo = memo;
    }

    /**
     * Without the memo: every read parses. For {@link SubjectAggregator}, which changes its objects
     * in memory between commits without writing them, so a remembered object may be ahead of the
     * bytes that carry its version (say, after an aborted transaction is restored from the changelog).
     */
    static UsageStatsSerde withoutMemo() {
        return new UsageStatsSerde(false);
    }

    @Override
    public byte[] serialize(String topic, UsageStats stats) {
        if (stats == null) {
            return null;
        }
        if (stats.memoId == 0) {
            stats.memoId = ID_BASE + NEXT_ID.incrementAndGet();
        }
        stats.memoVersion++;
        byte[] latency = stats.latency == null ? null : stats.latency.toByteArray();
        // The updatable form: a plain copy of the coupon table or registers, where the compact one
        // filters and packs them (a tenth of all CPU in the profile); heapify reads either.
        byte[] ips = stats.clientIps == null ? null : stats.clientIps.toUpdatableByteArray();
        // Sized up front: growing by doubling copied each window several times per event.
        BinarySerde.Out out = new BinarySerde.Out(256 + 64 * (stats.apis.size() + stats.endpoints.size())
                + (latency == null ? 0 : latency.length) + (ips == null ? 0 : ips.length));
        out.writeByte(FORMAT);
        out.writeLong(stats.memoId);
        out.writeLong(stats.memoVersion);
        out.writeString(stats.developerId);
        out.writeString(stats.keyId);
        out.writeString(stats.projectId);
        out.writeLong(stats.success);
        out.writeLong(stats.failure);
        out.writeLong(stats.firstMillis);
        out.writeLong(stats.lastMillis);
        writeLongs(out, stats.reasons);
        writeLongs(out, stats.statusClasses);
        writeTable(out, stats.apis, 2);
        writeTable(out, stats.endpoints, 1);
        out.writeLong(stats.maxLatencyMicros);
        out.writeBytes(latency);
        out.writeBytes(ips);
        if (memo) {
            remember(stats);
        }
        return out.toByteArray();
    }

    private static void remember(UsageStats stats) {
        if (MEMO.size() >= MEMO_MAX) {
            MEMO.clear();
        }
        MEMO.put(stats.memoId, stats);
    }

    @Override
    public UsageStats deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            byte format = data.length == 0 ? 0 : data[0];
            if (format == FORMAT_1) {
                return readFormat1(data);
            }
            if (format != FORMAT) {
                throw new SerializationException("usage stats format " + format + " is not known");
            }
            BinarySerde.In in = new BinarySerde.In(ByteBuffer.wrap(data, 1, data.length - 1));
            long id = in.readLong();
            long version = in.readLong();
            UsageStats known = memo ? MEMO.get(id) : null;
            if (known != null && known.memoVersion == version) {
                return known;
            }
            // A parsed copy gets an identity of its own when first written: continuing this one
            // could give another JVM's object (say, one whose transaction was aborted) a version
            // it has already used with other contents.
            UsageStats stats = new UsageStats();
            stats.developerId = in.readString();
            stats.keyId = in.readString();
            stats.projectId = in.readString();
            stats.success = in.readLong();
            stats.failure = in.readLong();
            stats.firstMillis = in.readLong();
            stats.lastMillis = in.readLong();
            readLongs(in, stats.reasons);
            readLongs(in, stats.statusClasses);
            readTable(in, stats.apis, 2);
            readTable(in, stats.endpoints, 1);
            stats.maxLatencyMicros = in.readLong();
            byte[] latency = in.readBytes();
            stats.latency = latency == null ? null : KllLongsSketch.heapify(Memory.wrap(latency));
            byte[] ips = in.readBytes();
            stats.clientIps = ips == null ? null : HllSketch.heapify(ips);
            return stats;
        } catch (SerializationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read usage stats from " + topic + ": " + e, e);
        }
    }

    private static void writeLongs(BinarySerde.Out out, long[] values) {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    /** Reads into {@code into}; a longer array from a newer enum is cut, a shorter one leaves zeros. */
    private static void readLongs(BinarySerde.In in, long[] into) {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            long v = in.readLong();
            if (i < into.length) {
                into[i] = v;
            }
        }
    }

    private static void writeTable(BinarySerde.Out out, CountTable table, int width) {
        out.writeInt(table.size());
        table.forEach((name, counts) -> {
            out.writeString(name);
            for (int i = 0; i < width; i++) {
                out.writeLong(counts[i]);
            }
        });
    }

    private static void readTable(BinarySerde.In in, CountTable table, int width) {
        int n = in.readInt();
        long[] v = new long[width];
        for (int i = 0; i < n; i++) {
            String key = in.readString();
            for (int j = 0; j < width; j++) {
                v[j] = in.readLong();
            }
            table.put(key, v);
        }
    }

    /** Format 1 (the first release): DataOutputStream's encoding, no identity. */
    private static UsageStats readFormat1(byte[] data) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            in.readByte();
            UsageStats stats = new UsageStats();
            stats.developerId = readNullable(in);
            stats.keyId = readNullable(in);
            stats.projectId = readNullable(in);
            stats.success = in.readLong();
            stats.failure = in.readLong();
            stats.firstMillis = in.readLong();
            stats.lastMillis = in.readLong();
            readLongs(in, stats.reasons);
            readLongs(in, stats.statusClasses);
            readTable(in, stats.apis, 2);
            readTable(in, stats.endpoints, 1);
            stats.maxLatencyMicros = in.readLong();
            byte[] latency = readBytes(in);
            stats.latency = latency == null ? null : KllLongsSketch.heapify(Memory.wrap(latency));
            byte[] ips = readBytes(in);
            stats.clientIps = ips == null ? null : HllSketch.heapify(ips);
            return stats;
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /** Reads into {@code into}; a longer array from a newer enum is cut, a shorter one leaves zeros. */
    private static void readLongs(DataInputStream in, long[] into) throws IOException {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            long v = in.readLong();
            if (i < into.length) {
                into[i] = v;
            }
        }
    }

    private static void readTable(DataInputStream in, CountTable table, int width) throws IOException {
        int n = in.readInt();
        long[] v = new long[width];
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            for (int j = 0; j < width; j++) {
                v[j] = in.readLong();
            }
            table.put(key, v);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }

    @Override
    public Serializer<UsageStats> serializer() {
        return this;
    }

    @Override
    public Deserializer<UsageStats> deserializer() {
        return this;
    }
}
