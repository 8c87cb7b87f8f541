package io.keytrail.events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an {@link AuthEvent} straight from its JSON bytes when the JSON is in the plain form every
 * gateway writes: one object of the contract's fields (any order, any JSON whitespace, each at
 * most once), texts of printable ASCII without escapes, integers without fraction, exponent or
 * leading zero, enum constants by name and times in the contract's UTC form. Anything else (an
 * unknown or repeated field, an escape, a number where a text belongs, a record the constructor
 * refuses...) returns {@code null} and goes to databind, so what is accepted, what it means and how
 * it fails stay databind's; {@code AuthEventReaderTest} holds the two to equal results, mutated
 * input included.
 *
 * <p>Why it exists: audit-streams and reporting-api read one event per request the gateway
 * served, and a JFR profile of audit-streams catching up a backlog put a seventh of its stream
 * thread in databind's bean deserializer (name lookups, text buffers, creator property buffers)
 * for JSON that needs none of its generality.
 */
final class AuthEventReader {
    private static final Names FIELDS = Names.of("schemaVersion", "eventId", "type", "time", "requestId",
            "gatewayNode", "apiId", "route", "method", "path", "status", "latency", "client", "credential",
            "developerId", "projectId", "reason");
    private static final Names LATENCY_FIELDS = Names.of("totalMicros", "upstreamMicros");
    private static final Names CLIENT_FIELDS = Names.of("ip", "userAgent");
    private static final Names CREDENTIAL_FIELDS = Names.of("keyId", "keyHint", "location", "methods");
    private static final AuthEventType[] TYPES = AuthEventType.values();
    private static final Names TYPE_NAMES = Names.of(TYPES);
    private static final FailureReason[] REASONS = FailureReason.values();
    private static final Names REASON_NAMES = Names.of(REASONS);
    private static final CredentialLocation[] LOCATIONS = CredentialLocation.values();
    private static final Names LOCATION_NAMES = Names.of(LOCATIONS);
    private static final AuthMethod[] METHODS = AuthMethod.values();
    private static final Names METHOD_NAMES = Names.of(METHODS);
    /** The longest text databind reads under the contract mapper's read constraints. */
    private static final int MAX_TEXT = Json.mapper().getFactory().streamReadConstraints().getMaxStringLength();
    /** Eighteen digits always fit a long; more go to databind, which knows the exact limits. */
    private static final int MAX_DIGITS = 18;

    /** Per byte inside a text: 0 plain, {@link #END} the closing quote, anything else not plain. */
    private static final byte[] TEXT = new byte[256];
    private static final byte END = 1;
    private static final byte NOT = 2;

    static {
        for (int c = 0; c < 256; c++) {
            TEXT[c] = c < 0x20 || c >= 0x7f || c == '\\' ? NOT : 0;
        }
        TEXT['"'] = END;
    }

    /** Thrown (without a stack trace) where the input leaves the plain form. */
    private static final class NotPlain extends RuntimeException {
        NotPlain() {
            super(null, null, false, false);
        }
    }

    private static final NotPlain NOT_PLAIN = new NotPlain();

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] in;
    private int at;

    private AuthEventReader(byte[] in) {
        this.in = in;
    }

    /** The event {@code json} holds, or {@code null} when databind must read it. */
    static AuthEvent read(byte[] json) {
        try {
            return new AuthEventReader(json).event();
        } catch (RuntimeException e) {
            // NotPlain, or a record constructor refusing the values: databind reads it again and
            // fails (or not) in its own way, which is what callers rely on.
            return null;
        }
    }

    private AuthEvent event() {
        int schemaVersion = 0;
        String eventId = null;
        AuthEventType type = null;
        Instant time = null;
        String requestId = null;
        String gatewayNode = null;
        String apiId = null;
        String route = null;
        String method = null;
        String path = null;
        int status = 0;
        AuthEvent.Latency latency = null;
        AuthEvent.Client client = null;
        AuthEvent.Credential credential = null;
        String developerId = null;
        String projectId = null;
        FailureReason reason = null;
        int seen = 0;
        for (int field = firstField(FIELDS); field >= 0; field = nextField(FIELDS, field)) {
            seen = once(seen, field);
            switch (field) {
                case 0 -> schemaVersion = intValue();
                case 1 -> eventId = text();
                case 2 -> type = constant(TYPES, TYPE_NAMES);
                case 3 -> time = instant();
                case 4 -> requestId = text();
                case 5 -> gatewayNode = text();
                case 6 -> apiId = text();
                case 7 -> route = text();
                case 8 -> method = text();
                case 9 -> path = text();
                case 10 -> status = intValue();
                case 11 -> latency = latency();
                case 12 -> client = client();
                case 13 -> credential = credential();
                case 14 -> developerId = text();
                case 15 -> projectId = text();
                default -> reason = constant(REASONS, REASON_NAMES);
            }
        }
        space();
        // Trailing content, and a missing number (databind's default for it is its business).
        if (at != in.length || (seen & 1) == 0 || (seen & (1 << 10)) == 0) {
            throw NOT_PLAIN;
        }
        return new AuthEvent(schemaVersion, eventId, type, time, requestId, gatewayNode, apiId, route, method, path,
                status, latency, client, credential, developerId, projectId, reason);
    }

    private AuthEvent.Latency latency() {
        if (nullValue()) {
            return null;
        }
        long total = 0;
        Long upstream = null;
        int seen = 0;
        for (int field = firstField(LATENCY_FIELDS); field >= 0; field = nextField(LATENCY_FIELDS, field)) {
            seen = once(seen, field);
            if (field == 0) {
                total = longValue();
            } else {
                upstream = nullValue() ? null : longValue();
            }
        }
        if ((seen & 1) == 0) {
            throw NOT_PLAIN;
        }
        return new AuthEvent.Latency(total, upstream);
    }

    private AuthEvent.Client client() {
        if (nullValue()) {
            return null;
        }
        String ip = null;
        String userAgent = null;
        int seen = 0;
        for (int field = firstField(CLIENT_FIELDS); field >= 0; field = nextField(CLIENT_FIELDS, field)) {
            seen = once(seen, field);
            if (field == 0) {
                ip = text();
            } else {
                userAgent = text();
            }
        }
        return new AuthEvent.Client(ip, userAgent);
    }

    private AuthEvent.Credential credential() {
        if (nullValue()) {
            return null;
        }
        String keyId = null;
        String keyHint = null;
        CredentialLocation location = null;
        List<AuthMethod> methods = null;
        int seen = 0;
        for (int field = firstField(CREDENTIAL_FIELDS); field >= 0; field = nextField(CREDENTIAL_FIELDS, field)) {
            seen = once(seen, field);
            switch (field) {
                case 0 -> keyId = text();
                case 1 -> keyHint = text();
                case 2 -> location = constant(LOCATIONS, LOCATION_NAMES);
                default -> methods = methods();
            }
        }
        return new AuthEvent.Credential(keyId, keyHint, location, methods);
    }

    private List<AuthMethod> methods() {
        if (nullValue()) {
            return null;
        }
        expect('[');
        List<AuthMethod> methods = new ArrayList<>(2);
        space();
        if (peek() == ']') {
            at++;
            return methods;
        }
        while (true) {
            space();
            if (peek() != '"') {
                throw NOT_PLAIN;
            }
            methods.add(constant(METHODS, METHOD_NAMES));
            space();
            int c = next();
            if (c == ']') {
                return methods;
            }
            if (c != ',') {
                throw NOT_PLAIN;
            }
        }
    }

    /** After an object's '{': the index of its first field in {@code names}, or -1 for an empty object. */
    private int firstField(Names names) {
        space();
        expect('{');
        space();
        if (peek() == '}') {
            at++;
            return -1;
        }
        return field(names, 0);
    }

    /** After the value of field {@code previous}: the index of the next field in {@code names}, or -1 at the object's end. */
    private int nextField(Names names, int previous) {
        space();
        int c = next();
        if (c == '}') {
            return -1;
        }
        if (c != ',') {
            throw NOT_PLAIN;
        }
        space();
        return field(names, previous + 1);
    }

    /** A field name and its ':', as an index in {@code names}; an unknown name is left to databind. */
    private int field(Names names, int expected) {
        if (expected < names.count() && quotedNameAt(names, expected)) {
            space();
            expect(':');
            space();
            return expected;
        }
        int start = quoted();
        int end = at - 1;
        space();
        expect(':');
        space();
        return index(start, end, names, expected);
    }

    /**
     * The index in {@code names} of the bytes {@code [start, end)}, trying {@code expected} (the
     * one after the previous field: gateways write them in order) first; anything else is left to
     * databind.
     */
    private int index(int start, int end, Names names, int expected) {
        if (expected < names.count() && is(start, end, names.bytes()[expected])) {
            return expected;
        }
        for (int i = 0; i < names.count(); i++) {
            if (is(start, end, names.bytes()[i])) {
                return i;
            }
        }
        throw NOT_PLAIN;
    }

    /**
     * True, past it, when {@code name} in quotes comes next. Compares eight bytes at a time: no
     * scan for the closing quote and no per-byte branch, which is where the reader spent its time.
     */
    private boolean quotedNameAt(Names names, int i) {
        if (at + 16 > in.length || names.bytes()[i].length > 14) {
            return false;
        }
        long low = ((long) LONGS.get(in, at) ^ names.low()[i]) & names.lowMask()[i];
        long high = ((long) LONGS.get(in, at + 8) ^ names.high()[i]) & names.highMask()[i];
        if ((low | high) != 0) {
            return false;
        }
        at += names.bytes()[i].length + 2;
        return true;
    }

    private boolean is(int start, int end, byte[] name) {
        if (name.length != end - start) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (in[start + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static int once(int seen, int field) {
        int bit = 1 << field;
        if ((seen & bit) != 0) {
            throw NOT_PLAIN;
        }
        return seen | bit;
    }

    /** A text value, or null for JSON null. */
    private String text() {
        if (nullValue()) {
            return null;
        }
        int start = quoted();
        return new String(in, start, at - 1 - start, StandardCharsets.ISO_8859_1);
    }

    /** The enum constant (of {@code constants}, named {@code names}) a text names exactly, or null for JSON null. */
    private <E> E constant(E[] constants, Names names) {
        if (nullValue()) {
            return null;
        }
        int start = quoted();
        return constants[index(start, at - 1, names, 0)];
    }

    private Instant instant() {
        if (nullValue()) {
            return null;
        }
        int start = quoted();
        int length = at - 1 - start;
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) in[start + i];
        }
        Instant time = InstantDeserializer.parse(chars, 0, length);
        if (time == null) {
            throw NOT_PLAIN;
        }
        return time;
    }

    /**
     * At an opening quote: moves past the closing one and returns where the content starts. Only
     * printable ASCII without backslash is plain; control characters, escapes and other encodings
     * are databind's.
     */
    private int quoted() {
        expect('"');
        int start = at;
        byte[] b = in;
        // Databind refuses texts beyond its read constraints: so must this reader, by leaving them to it.
        int end = (int) Math.min(b.length, (long) start + MAX_TEXT + 1);
        for (int i = start; i < end; i++) {
            int kind = TEXT[b[i] & 0xff];
            if (kind != 0) {
                if (kind == END) {
                    at = i + 1;
                    return start;
                }
                throw NOT_PLAIN;
            }
        }
        throw NOT_PLAIN;
    }

    private int intValue() {
        long value = longValue();
        if (value != (int) value) {
            throw NOT_PLAIN;
        }
        return (int) value;
    }

    /** An integer: optional minus, then 0 or a non-zero digit and up to seventeen more. */
    private long longValue() {
        boolean negative = peek() == '-';
        if (negative) {
            at++;
        }
        int start = at;
        long value = 0;
        while (at < in.length && in[at] >= '0' && in[at] <= '9') {
            value = value * 10 + (in[at++] - '0');
        }
        int digits = at - start;
        if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && in[start] == '0')) {
            throw NOT_PLAIN;
        }
        int c = peek();
        if (c == '.' || c == 'e' || c == 'E') {
            throw NOT_PLAIN;
        }
        return negative ? -value : value;
    }

    /** True, past it, at a JSON null. */
    private boolean nullValue() {
        if (peek() != 'n') {
            return false;
        }
        if (at + 4 > in.length || in[at + 1] != 'u' || in[at + 2] != 'l' || in[at + 3] != 'l') {
            throw NOT_PLAIN;
        }
        at += 4;
        return true;
    }

    private void space() {
        while (at < in.length) {
            byte c = in[at];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            at++;
        }
    }

    private void expect(char c) {
        if (next() != c) {
            throw NOT_PLAIN;
        }
    }

    private int peek() {
        return at < in.length ? in[at] : -1;
    }

    private int next() {
        return at < in.length ? in[at++] : -1;
    }

    /**
     * Field or constant names, with each one's quoted form as two little-endian longs and their
     * masks; a quoted name longer than sixteen bytes has none and is found by {@link #index}.
     */
    private record Names(byte[][] bytes, long[] low, long[] lowMask, long[] high, long[] highMask) {
        static Names of(Enum<?>[] constants) {
            return of(Arrays.stream(constants).map(Enum::name).toArray(String[]::new));
        }

        static Names of(String... names) {
            int n = names.length;
            Names result = new Names(new byte[n][], new long[n], new long[n], new long[n], new long[n]);
            for (int i = 0; i < n; i++) {
                result.bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
                byte[] quoted = ("\"" + names[i] + "\"").getBytes(StandardCharsets.US_ASCII);
                if (quoted.length > 16) {
                    // Found by index() instead: quotedNameAt() declines names this long.
                    continue;
                }
                for (int b = 0; b < quoted.length; b++) {
                    long value = (quoted[b] & 0xffL) << (8 * (b % 8));
                    long mask = 0xffL << (8 * (b % 8));
                    if (b < 8) {
                        result.low[i] |= value;
                        result.lowMask[i] |= mask;
                    } else {
                        result.high[i] |= value;
                        result.highMask[i] |= mask;
                    }
                }
            }
            return result;
        }

        int count() {
            return bytes.length;
        }
    }
}
