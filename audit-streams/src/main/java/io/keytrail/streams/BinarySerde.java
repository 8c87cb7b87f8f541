package io.keytrail.streams;

import io.keytrail.events.JsonSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary serde for what this application alone reads (repartition topics, stores and
 * their changelogs), where JSON cost a large share of the work per event. The first byte is the
 * format; a record starting with '{' is JSON written by an earlier release (still on a changelog
 * or repartition topic after an upgrade) and is read as such. Enums are written by name, so
 * reordering one cannot change what a stored record means.
 */
final class BinarySerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
    /** Writes a value's fields after the format byte. */
    interface Write<T> {
        void write(T value, Out out);
    }

    /** Reads the fields {@link Write} wrote. */
    interface Read<T> {
        T read(In in);
    }

    private static final byte FORMAT = 1;
    private static final int NULL = -1;

    private final String what;
    private final JsonSerde<T> json;
    private final Write<T> writer;
    private final Read<T> reader;

    BinarySerde(Class<T> type, JsonSerde<T> json, Write<T> writer, Read<T> reader) {
        this.what = type.getSimpleName();
        this.json = Objects.requireNonNull(json, "json");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        Out out = new Out();
        out.writeByte(FORMAT);
        writer.write(value, out);
        return out.toByteArray();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == '{') {
            return json.deserialize(topic, data);
        }
        try {
            In in = new In(ByteBuffer.wrap(data));
            byte format = in.buf.get();
            if (format != FORMAT) {
                throw new SerializationException(what + " format " + format + " is not known");
            }
            return reader.read(in);
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SerializationException("cannot read " + what + " from " + topic + ": " + e, e);
        }
    }

    /** A growable buffer; {@code DataOutputStream} would take two locks per string. */
    static final class Out {
        private byte[] buf;
        private int pos;

        Out() {
            this(256);
        }

        /** With room for {@code capacity} bytes, so a value of known size is written without growing. */
        Out(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        private void ensure(int more) {
            if (pos + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
            }
        }

        void writeByte(int b) {
            ensure(1);
            buf[pos++] = (byte) b;
        }

        void writeBoolean(boolean b) {
            writeByte(b ? 1 : 0);
        }

        void writeInt(int v) {
            ensure(4);
            buf[pos++] = (byte) (v >>> 24);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
        }

        void writeLong(long v) {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        /** UTF-8 with its length; null allowed. */
        void writeString(String s) {
            if (s == null) {
                writeInt(NULL);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            writeInt(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        void writeEnum(Enum<?> e) {
            writeString(e == null ? null : e.name());
        }

        /** Bytes with their length; null allowed. */
        void writeBytes(byte[] b) {
            if (b == null) {
                writeInt(NULL);
                return;
            }
            writeInt(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, pos);
        }

        void writeInstant(Instant t) {
            writeBoolean(t != null);
            if (t != null) {
                writeLong(t.getEpochSecond());
                writeInt(t.getNano());
            }
        }
    }

    /** Reads what {@link Out} wrote; running past the end throws, which becomes a SerializationException. */
    static final class In {
        private final ByteBuffer buf;

        In(ByteBuffer buf) {
            this.buf = buf;
        }

        byte readByte() {
            return buf.get();
        }

        boolean readBoolean() {
            return buf.get() != 0;
        }

        int readInt() {
            return buf.getInt();
        }

        long readLong() {
            return buf.getLong();
        }

        String readString() {
            int n = buf.getInt();
            if (n == NULL) {
                return null;
            }
            String s = new String(buf.array(), buf.position(), n, StandardCharsets.UTF_8);
            buf.position(buf.position() + n);
            return s;
        }

        byte[] readBytes() {
            int n = buf.getInt();
            if (n == NULL) {
                return null;
            }
            byte[] b = new byte[n];
            buf.get(b);
            return b;
        }

        <E extends Enum<E>> E readEnum(Class<E> type) {
            String name = readString();
            return name == null ? null : Enum.valueOf(type, name);
        }

        Instant readInstant() {
            return readBoolean() ? Instant.ofEpochSecond(buf.getLong(), buf.getInt()) : null;
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
