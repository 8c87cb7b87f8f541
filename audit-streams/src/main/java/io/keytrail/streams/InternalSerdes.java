package io.keytrail.streams;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthEventType;
import io.keytrail.events.AuthMethod;
import io.keytrail.events.CredentialLocation;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.FailureReason;
import io.keytrail.events.JsonSerde;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The binary forms of what crosses this application's repartition topics (auth events) and what
 * its last-seen and alert stores keep; each reads the JSON an earlier release wrote. Usage windows
 * have their own ({@link UsageStatsSerde}).
 */
final class InternalSerdes {
    private InternalSerdes() {
    }

    static BinarySerde<AuthEvent> authEvent() {
        return new BinarySerde<>(AuthEvent.class, EventSerdes.authEvent(), InternalSerdes::writeEvent,
                InternalSerdes::readEvent);
    }

    static BinarySerde<SeenState> seenState() {
        return new BinarySerde<>(SeenState.class, new JsonSerde<>(SeenState.class), (s, out) -> {
            out.writeInstant(s.firstSeen());
            out.writeInstant(s.lastSeen());
            out.writeInstant(s.lastSuccess());
            out.writeString(s.developerId());
            out.writeString(s.projectId());
        }, in -> new SeenState(in.readInstant(), in.readInstant(), in.readInstant(), in.readString(), in.readString()));
    }

    static BinarySerde<AlertCount> alertCount() {
        return new BinarySerde<>(AlertCount.class, new JsonSerde<>(AlertCount.class), (c, out) -> {
            out.writeLong(c.count());
            out.writeInstant(c.lastTime());
            out.writeString(c.developerId());
            out.writeString(c.projectId());
            out.writeEnum(c.reason());
        }, in -> new AlertCount(in.readLong(), in.readInstant(), in.readString(), in.readString(),
                in.readEnum(FailureReason.class)));
    }

    static BinarySerde<IpSet> ipSet() {
        return new BinarySerde<>(IpSet.class, new JsonSerde<>(IpSet.class), (s, out) -> {
            out.writeInt(s.ips().size());
            for (String ip : s.ips()) {
                out.writeString(ip);
            }
            out.writeBoolean(s.reached());
            out.writeInstant(s.lastTime());
            out.writeString(s.developerId());
            out.writeString(s.projectId());
        }, in -> {
            int n = in.readInt();
            Set<String> ips = new LinkedHashSet<>(Math.max(4, n * 2));
            for (int i = 0; i < n; i++) {
                ips.add(in.readString());
            }
            return new IpSet(ips, in.readBoolean(), in.readInstant(), in.readString(), in.readString());
        });
    }

    private static void writeEvent(AuthEvent e, BinarySerde.Out out) {
        out.writeInt(e.schemaVersion());
        out.writeString(e.eventId());
        out.writeEnum(e.type());
        out.writeInstant(e.time());
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
        out.writeBoolean(e.client() != null);
        if (e.client() != null) {
            out.writeString(e.client().ip());
            out.writeString(e.client().userAgent());
        }
        AuthEvent.Credential c = e.credential();
        out.writeBoolean(c != null);
        if (c != null) {
            out.writeString(c.keyId());
            out.writeString(c.keyHint());
            out.writeEnum(c.location());
            out.writeInt(c.methods().size());
            for (AuthMethod m : c.methods()) {
                out.writeEnum(m);
            }
        }
        out.writeString(e.developerId());
        out.writeString(e.projectId());
        out.writeEnum(e.reason());
    }

    private static AuthEvent readEvent(BinarySerde.In in) {
        int schemaVersion = in.readInt();
        String eventId = in.readString();
        AuthEventType type = in.readEnum(AuthEventType.class);
        java.time.Instant time = in.readInstant();
        String requestId = in.readString();
        String gatewayNode = in.readString();
        String apiId = in.readString();
        String route = in.readString();
        String method = in.readString();
        String path = in.readString();
        int status = in.readInt();
        byte latencyShape = in.readByte();
        AuthEvent.Latency latency = null;
        if (latencyShape != 0) {
            long total = in.readLong();
            latency = new AuthEvent.Latency(total, latencyShape == 2 ? in.readLong() : null);
        }
        AuthEvent.Client client = in.readBoolean() ? new AuthEvent.Client(in.readString(), in.readString()) : null;
        AuthEvent.Credential credential = null;
        if (in.readBoolean()) {
            String keyId = in.readString();
            String keyHint = in.readString();
            CredentialLocation location = in.readEnum(CredentialLocation.class);
            int n = in.readInt();
            List<AuthMethod> methods = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                methods.add(in.readEnum(AuthMethod.class));
            }
            credential = new AuthEvent.Credential(keyId, keyHint, location, methods);
        }
        return new AuthEvent(schemaVersion, eventId, type, time, requestId, gatewayNode, apiId, route, method, path,
                status, latency, client, credential, in.readString(), in.readString(), in.readEnum(FailureReason.class));
    }
}
