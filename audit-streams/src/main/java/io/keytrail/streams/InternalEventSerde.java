package io.keytrail.streams;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthEventType;
import io.keytrail.events.AuthMethod;
import io.keytrail.events.CredentialLocation;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.FailureReason;
import io.keytrail.events.JsonSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link AuthEvent} on this application's repartition topics: binary, because every event crosses
 * them two or three times and JSON was a large share of the work per event. Nobody else reads these
 * topics, but an upgrade finds records the previous release wrote in JSON still on them, so a
 * record starting with '{' is read as JSON. Enums travel by name, so reordering an enum in a later
 * release cannot change what an old record means; strings are UTF-8 with a length (user agents may
 * exceed what {@code writeUTF} allows).
 */
final class InternalEventSerde implements Serde<AuthEvent>, Serializer<AuthEvent>, Deserializer<AuthEvent> {
    private static final byte FORMAT = 1;
    private static final int NULL = -1;

    private final JsonSerde<AuthEvent> json = EventSerdes.authEvent();

    @Override
    public byte[] serialize(String topic, AuthEvent e) {
        if (e == null) {
            return null;
        }
        Writer out = new Writer();
        out.buf[out.pos++] = FORMAT;
        out.writeInt(e.schemaVersion());
        out.writeString(e.eventId());
        out.writeString(e.type().name());
        out.writeLong(e.time().getEpochSecond());
        out.writeInt(e.time().getNano());
        out.writeString(e.requestId());
        out.writeString(e.gatewayNode());
        out.writeString(e.apiId());
        out.writeString(e.route());
        out.writeString(e.method());
        out.writeString(e.path());
        out.writeInt(e.status());
        out.writeByte(e.latency() == null ? 0 : e.latency().upstreamMicros() == null ? 1 : 2);
        if (e.latency() != null) {
            out.writeLong(e.latency().totalMicros());
            if (e.latency().upstreamMicros() != null) {
                out.writeLong(e.latency().upstreamMicros());
            }
        }
        out.writeByte(e.client() == null ? 0 : 1);
        if (e.client() != null) {
            out.writeString(e.client().ip());
            out.writeString(e.client().userAgent());
        }
        AuthEvent.Credential c = e.credential();
        out.writeByte(c == null ? 0 : 1);
        if (c != null) {
            out.writeString(c.keyId());
            out.writeString(c.keyHint());
            out.writeString(c.location() == null ? null : c.location().name());
            out.writeInt(c.methods().size());
            for (AuthMethod m : c.methods()) {
                out.writeString(m.name());
            }
        }
        out.writeString(e.developerId());
        out.writeString(e.projectId());
        out.writeString(e.reason() == null ? null : e.reason().name());
        return Arrays.copyOf(out.buf, out.pos);
    }

    @Override
    public AuthEvent deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == '{') {
            return json.deserialize(topic, data);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            byte format = in.get();
            if (format != FORMAT) {
                throw new SerializationException("internal event format " + format + " is not known");
            }
            int schemaVersion = in.getInt();
            String eventId = readString(in);
            AuthEventType type = AuthEventType.valueOf(readString(in));
            Instant time = Instant.ofEpochSecond(in.getLong(), in.getInt());
            String requestId = readString(in);
            String gatewayNode = readString(in);
            String apiId = readString(in);
            String route = readString(in);
            String method = readString(in);
            String path = readString(in);
            int status = in.getInt();
            byte latencyShape = in.get();
            AuthEvent.Latency latency = null;
            if (latencyShape != 0) {
                long total = in.getLong();
                latency = new AuthEvent.Latency(total, latencyShape == 2 ? in.getLong() : null);
            }
            AuthEvent.Client client = in.get() == 0 ? null : new AuthEvent.Client(readString(in), readString(in));
            AuthEvent.Credential credential = null;
            if (in.get() != 0) {
                String keyId = readString(in);
                String keyHint = readString(in);
                String location = readString(in);
                int n = in.getInt();
                List<AuthMethod> methods = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    methods.add(AuthMethod.valueOf(readString(in)));
                }
                credential = new AuthEvent.Credential(keyId, keyHint,
                        location == null ? null : CredentialLocation.valueOf(location), methods);
            }
            String developerId = readString(in);
            String projectId = readString(in);
            String reason = readString(in);
            return new AuthEvent(schemaVersion, eventId, type, time, requestId, gatewayNode, apiId, route, method, path,
                    status, latency, client, credential, developerId, projectId,
                    reason == null ? null : FailureReason.valueOf(reason));
        } catch (RuntimeException e) {
            throw new SerializationException("cannot read an internal event from " + topic + ": " + e, e);
        }
    }

    private static String readString(ByteBuffer in) {
        int n = in.getInt();
        if (n == NULL) {
            return null;
        }
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    /** A growable buffer; {@code DataOutputStream} would synchronize and copy per call. */
    private static final class Writer {
        byte[] buf = new byte[512];
        int pos;

        void ensure(int more) {
            if (pos + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
            }
        }

        void writeByte(int b) {
            ensure(1);
            buf[pos++] = (byte) b;
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
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }

    @Override
    public Serializer<AuthEvent> serializer() {
        return this;
    }

    @Override
    public Deserializer<AuthEvent> deserializer() {
        return this;
    }
}
