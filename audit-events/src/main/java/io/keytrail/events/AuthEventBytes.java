package io.keytrail.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
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
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: four-digit years, as ISO_INSTANT prints them. */
    private static final long MIN_SECOND = -62_167_219_200L;
    private static final long MAX_SECOND = 253_402_300_799L;
    /** yyyy-MM-ddTHH:mm:ss */
    private static final int TIME_LENGTH = 19;

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
        long second = e.time().getEpochSecond();
        if (second < MIN_SECOND || second > MAX_SECOND || !safe(e)) {
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

    /** Whether every text of the event is {@link #safe(String)}; enum names are. */
    private static boolean safe(AuthEvent e) {
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

    /** Absent, or printable ASCII other than {@code "} and {@code \}: written as it is. */
    private static boolean safe(String value) {
        if (value == null) {
            return true;
        }
        for (int i = 0, length = value.length(); i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
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

    private static int put(byte[] out, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    /** Callers have checked that {@code value} is ASCII. */
    @SuppressWarnings("deprecation")
    private static int putAscii(byte[] out, int at, String value) {
        value.getBytes(0, value.length(), out, at);
        return at + value.length();
    }

    private static int digits(long value) {
        if (value == Long.MIN_VALUE) {
            return 20;
        }
        int sign = value < 0 ? 1 : 0;
        long v = Math.abs(value);
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n + sign;
    }

    private static int putLong(byte[] out, int at, long value) {
        if (value == Long.MIN_VALUE) {
            return putAscii(out, at, Long.toString(value));
        }
        if (value < 0) {
            out[at++] = '-';
            value = -value;
        }
        int end = at + digits(value);
        int i = end;
        do {
            out[--i] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
        return end;
    }

    /** Digits after the second as ISO_INSTANT prints them: none, or groups of three up to nanoseconds, plus the dot. */
    private static int fraction(int nano) {
        if (nano == 0) {
            return 0;
        }
        return nano % 1_000_000 == 0 ? 4 : nano % 1_000 == 0 ? 7 : 10;
    }

    private static int putTime(byte[] out, int at, Instant time) {
        long second = time.getEpochSecond();
        long day = Math.floorDiv(second, 86_400);
        int secondOfDay = (int) Math.floorMod(second, 86_400);
        LocalDate date = LocalDate.ofEpochDay(day);
        at = putPadded(out, at, date.getYear(), 4);
        out[at++] = '-';
        at = putPadded(out, at, date.getMonthValue(), 2);
        out[at++] = '-';
        at = putPadded(out, at, date.getDayOfMonth(), 2);
        out[at++] = 'T';
        at = putPadded(out, at, secondOfDay / 3600, 2);
        out[at++] = ':';
        at = putPadded(out, at, secondOfDay / 60 % 60, 2);
        out[at++] = ':';
        at = putPadded(out, at, secondOfDay % 60, 2);
        int nano = time.getNano();
        int fraction = fraction(nano);
        if (fraction > 0) {
            out[at++] = '.';
            int digits = fraction - 1;
            at = putPadded(out, at, digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1_000 : nano, digits);
        }
        out[at++] = 'Z';
        return at;
    }

    private static int putPadded(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
