package io.keytrail.events;

import static io.keytrail.events.JsonBytes.TIME_LENGTH;
import static io.keytrail.events.JsonBytes.ascii;
import static io.keytrail.events.JsonBytes.digits;
import static io.keytrail.events.JsonBytes.fourDigitYear;
import static io.keytrail.events.JsonBytes.fraction;
import static io.keytrail.events.JsonBytes.put;
import static io.keytrail.events.JsonBytes.putAscii;
import static io.keytrail.events.JsonBytes.putLong;
import static io.keytrail.events.JsonBytes.putTime;
import static io.keytrail.events.JsonBytes.safe;

import java.util.List;

/**
 * Writes an {@link AuthEvent} as contract JSON straight into a byte array of its exact size, when
 * nothing in it needs escaping: every text printable ASCII without quotes or backslashes, and a
 * time between the years 0000 and 9999. That is what a gateway writes for nearly every request
 * (ids, addresses, paths, enum names). Anything else returns {@code null} and goes to
 * {@link AuthEventSerializer}, whose output these bytes equal ({@code AuthEventBytesTest}).
 *
 * <p>Why it exists: the gateway's publisher thread writes one event per request, and under load a
 * JFR profile put two thirds of that thread in Jackson's generator (per-character escaping
 * checks, field-name copies, {@link java.time.format.DateTimeFormatter}) for an event that needs
 * none of it. Two passes over the fields, one to measure and one to copy, need no buffer to grow
 * or to trim.
 */
final class AuthEventBytes {
    private static final byte[] SCHEMA_VERSION = ascii("{\"schemaVersion\":");
    private static final byte[] EVENT_ID = ascii(",\"eventId\":\"");
    private static final byte[] TYPE = ascii(",\"type\":\"");
    private static final byte[] TIME = ascii(",\"time\":\"");
    private static final byte[] REQUEST_ID = ascii(",\"requestId\":\"");
    private static final byte[] GATEWAY_NODE = ascii(",\"gatewayNode\":\"");
    private static final byte[] API_ID = ascii(",\"apiId\":\"");
    private static final byte[] ROUTE = ascii(",\"route\":\"");
    private static final byte[] METHOD = ascii(",\"method\":\"");
    private static final byte[] PATH = ascii(",\"path\":\"");
    private static final byte[] STATUS = ascii(",\"status\":");
    private static final byte[] LATENCY = ascii(",\"latency\":{\"totalMicros\":");
    private static final byte[] UPSTREAM_MICROS = ascii(",\"upstreamMicros\":");
    private static final byte[] CLIENT = ascii(",\"client\":{");
    private static final byte[] IP = ascii("\"ip\":\"");
    private static final byte[] USER_AGENT = ascii("\"userAgent\":\"");
    private static final byte[] CREDENTIAL = ascii(",\"credential\":{");
    private static final byte[] KEY_ID = ascii("\"keyId\":\"");
    private static final byte[] KEY_HINT = ascii("\"keyHint\":\"");
    private static final byte[] LOCATION = ascii("\"location\":\"");
    private static final byte[] METHODS = ascii("\"methods\":[");
    private static final byte[] DEVELOPER_ID = ascii(",\"developerId\":\"");
    private static final byte[] PROJECT_ID = ascii(",\"projectId\":\"");
    private static final byte[] REASON = ascii(",\"reason\":\"");

    private AuthEventBytes() {
    }

    /** The event's JSON, or {@code null} when a text needs escaping or the time has no four-digit year. */
    static byte[] write(AuthEvent e) {
        int length = measure(e);
        if (length < 0) {
            return null;
        }
        byte[] out = new byte[length];
        int at = put(out, 0, SCHEMA_VERSION);
        at = putLong(out, at, e.schemaVersion());
        at = string(out, at, EVENT_ID, e.eventId());
        at = string(out, at, TYPE, e.type().name());
        at = put(out, at, TIME);
        at = putTime(out, at, e.time());
        out[at++] = '"';
        at = string(out, at, REQUEST_ID, e.requestId());
        at = string(out, at, GATEWAY_NODE, e.gatewayNode());
        at = string(out, at, API_ID, e.apiId());
        at = string(out, at, ROUTE, e.route());
        at = string(out, at, METHOD, e.method());
        at = string(out, at, PATH, e.path());
        at = put(out, at, STATUS);
        at = putLong(out, at, e.status());
        AuthEvent.Latency latency = e.latency();
        if (latency != null) {
            at = put(out, at, LATENCY);
            at = putLong(out, at, latency.totalMicros());
            if (latency.upstreamMicros() != null) {
                at = put(out, at, UPSTREAM_MICROS);
                at = putLong(out, at, latency.upstreamMicros());
            }
            out[at++] = '}';
        }
        AuthEvent.Client client = e.client();
        if (client != null) {
            at = put(out, at, CLIENT);
            boolean first = true;
            if (client.ip() != null) {
                at = member(out, at, IP, client.ip(), first);
                first = false;
            }
            if (client.userAgent() != null) {
                at = member(out, at, USER_AGENT, client.userAgent(), first);
            }
            out[at++] = '}';
        }
        AuthEvent.Credential credential = e.credential();
        if (credential != null) {
            at = put(out, at, CREDENTIAL);
            if (credential.keyId() != null) {
                at = member(out, at, KEY_ID, credential.keyId(), true);
                out[at++] = ',';
            }
            if (credential.keyHint() != null) {
                at = member(out, at, KEY_HINT, credential.keyHint(), true);
                out[at++] = ',';
            }
            if (credential.location() != null) {
                at = member(out, at, LOCATION, credential.location().name(), true);
                out[at++] = ',';
            }
            at = put(out, at, METHODS);
            List<AuthMethod> methods = credential.methods();
            for (int i = 0; i < methods.size(); i++) {
                if (i > 0) {
                    out[at++] = ',';
                }
                out[at++] = '"';
                at = putAscii(out, at, methods.get(i).name());
                out[at++] = '"';
            }
            out[at++] = ']';
            out[at++] = '}';
        }
        at = string(out, at, DEVELOPER_ID, e.developerId());
        at = string(out, at, PROJECT_ID, e.projectId());
        if (e.reason() != null) {
            at = string(out, at, REASON, e.reason().name());
        }
        out[at++] = '}';
        if (at != length) {
            throw new IllegalStateException("AuthEvent measured " + length + " bytes but wrote " + at);
        }
        return out;
    }

    /** The exact length of {@link #write}'s output, or -1 when it cannot write this event. */
    private static int measure(AuthEvent e) {
        if (!fourDigitYear(e.time()) || !safeTexts(e)) {
            return -1;
        }
        int n = SCHEMA_VERSION.length + digits(e.schemaVersion());
        n += text(EVENT_ID, e.eventId()) + text(TYPE, e.type().name());
        n += TIME.length + TIME_LENGTH + fraction(e.time().getNano()) + 2;
        n += text(REQUEST_ID, e.requestId()) + text(GATEWAY_NODE, e.gatewayNode()) + text(API_ID, e.apiId())
                + text(ROUTE, e.route()) + text(METHOD, e.method()) + text(PATH, e.path());
        n += STATUS.length + digits(e.status());
        AuthEvent.Latency latency = e.latency();
        if (latency != null) {
            n += LATENCY.length + digits(latency.totalMicros()) + 1;
            if (latency.upstreamMicros() != null) {
                n += UPSTREAM_MICROS.length + digits(latency.upstreamMicros());
            }
        }
        AuthEvent.Client client = e.client();
        if (client != null) {
            n += CLIENT.length + text(IP, client.ip()) + text(USER_AGENT, client.userAgent()) + 1;
            if (client.ip() != null && client.userAgent() != null) {
                n++;
            }
        }
        AuthEvent.Credential credential = e.credential();
        if (credential != null) {
            // Each member before the methods is followed by its comma.
            n += CREDENTIAL.length + (credential.keyId() == null ? 0 : text(KEY_ID, credential.keyId()) + 1)
                    + (credential.keyHint() == null ? 0 : text(KEY_HINT, credential.keyHint()) + 1)
                    + (credential.location() == null ? 0 : text(LOCATION, credential.location().name()) + 1)
                    + METHODS.length + 2;
            List<AuthMethod> methods = credential.methods();
            for (int i = 0; i < methods.size(); i++) {
                n += methods.get(i).name().length() + 2 + (i > 0 ? 1 : 0);
            }
        }
        n += text(DEVELOPER_ID, e.developerId()) + text(PROJECT_ID, e.projectId())
                + (e.reason() == null ? 0 : text(REASON, e.reason().name()));
        return n + 1;
    }

    /** Whether every text of the event is {@link JsonBytes#safe(String)}; enum names are. */
    private static boolean safeTexts(AuthEvent e) {
        AuthEvent.Client client = e.client();
        AuthEvent.Credential credential = e.credential();
        return safe(e.eventId()) && safe(e.requestId()) && safe(e.gatewayNode()) && safe(e.apiId()) && safe(e.route())
                && safe(e.method()) && safe(e.path()) && safe(e.developerId()) && safe(e.projectId())
                && (client == null || safe(client.ip()) && safe(client.userAgent()))
                && (credential == null || safe(credential.keyId()) && safe(credential.keyHint()));
    }

    /** What a quoted member adds: its prefix, its text and the closing quote; nothing when absent. */
    private static int text(byte[] prefix, String value) {
        return value == null ? 0 : prefix.length + value.length() + 1;
    }

    private static int string(byte[] out, int at, byte[] prefix, String value) {
        if (value == null) {
            return at;
        }
        at = put(out, at, prefix);
        at = putAscii(out, at, value);
        out[at++] = '"';
        return at;
    }

    private static int member(byte[] out, int at, byte[] prefix, String value, boolean first) {
        if (!first) {
            out[at++] = ',';
        }
        at = put(out, at, prefix);
        at = putAscii(out, at, value);
        out[at++] = '"';
        return at;
    }
}
