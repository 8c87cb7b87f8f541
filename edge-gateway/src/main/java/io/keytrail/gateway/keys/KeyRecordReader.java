package io.keytrail.gateway.keys;

import io.keytrail.events.EventSerdes;
import io.keytrail.events.JsonSerde;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads a keys-topic value into the {@link KeyUpdate} the registry keeps. The feed thread's own:
 * not thread-safe.
 *
 * <p>Why not simply the contract's data binding: a starting gateway must read every key there is,
 * a million records and more, on one thread, before it may serve, while the collector and the JIT
 * compiler want the same two cores. The binding builds a whole {@link KeyRecord} per record (two
 * times parsed through {@code DateTimeFormatter}, the hash as a 64-character string, lists copied),
 * and even Jackson's streaming parser allocates a parser, its contexts and buffers per record:
 * measured, about 2.5 KB of garbage per record, the larger part of the feed's CPU and most of what
 * the collector had to do while the registry filled. This scans the bytes where they lie in the
 * fetch buffer, parses the hash straight into the digest, shares ids it has seen before without
 * making a string of them, and for a typical record allocates only the key id and the update.
 *
 * <p>It must never read a record differently from the contract. So it takes only the shape the
 * control plane writes: one JSON object with the known fields, each at most once and of the
 * expected JSON type, strings of printable ASCII without escapes, integers without fraction or
 * exponent, times in the form the contract writes, rate limits and quotas that the contract's own
 * rules accept. Anything else (an escape, a non-ASCII id, an invalid limit, a field added to the
 * contract after this was written, a missing required field) goes to the data binding, whose rules
 * then decide, errors included; that is always correct, only slower, so a new field belongs here
 * too. One difference is deliberate: {@code createdAt} and {@code keyHint}, which the registry does
 * not keep, are checked for their JSON type but not parsed, so a record whose creation time is not
 * a valid instant is applied rather than skipped.
 */
final class KeyRecordReader {
    // In the order of the constants below.
    private static final byte[][] FIELDS = Stream.of("schemaVersion", "keyId", "keyHash", "keyHint", "projectId",
            "developerId", "status", "createdAt", "expiresAt", "allowedApis", "version", "rateLimit", "quota")
            .map(KeyRecordReader::ascii).toArray(byte[][]::new);
    private static final int SCHEMA_VERSION = 0;
    private static final int KEY_ID = 1;
    private static final int KEY_HASH = 2;
    private static final int KEY_HINT = 3;
    private static final int PROJECT_ID = 4;
    private static final int DEVELOPER_ID = 5;
    private static final int STATUS = 6;
    private static final int CREATED_AT = 7;
    private static final int EXPIRES_AT = 8;
    private static final int ALLOWED_APIS = 9;
    private static final int VERSION = 10;
    private static final int RATE_LIMIT = 11;
    private static final int QUOTA = 12;
    private static final int REQUIRED = 1 << SCHEMA_VERSION | 1 << KEY_ID | 1 << KEY_HASH | 1 << STATUS | 1 << VERSION;
    private static final KeyStatus[] STATUSES = KeyStatus.values();
    private static final byte[][] STATUS_NAMES = Stream.of(STATUSES).map(s -> ascii(s.name())).toArray(byte[][]::new);
    private static final byte[] NULL = ascii("null");
    private static final byte[] REQUESTS = ascii("requests");
    private static final byte[] WINDOW_SECONDS = ascii("windowSeconds");
    private static final byte[] PERIOD = ascii("period");
    private static final KeyRecord.QuotaPeriod[] QUOTA_PERIODS = KeyRecord.QuotaPeriod.values();
    private static final byte[][] PERIODS = Stream.of(QUOTA_PERIODS).map(p -> ascii(p.name()))
            .toArray(byte[][]::new);

    private final JsonSerde<KeyRecord> binding = EventSerdes.keyRecord();
    private final Interner ids = new Interner();

    // The scan in progress: the bytes, the position, the end, and the last string's bounds.
    private byte[] in;
    private int pos;
    private int end;
    private int stringStart;
    private int stringLength;
    private long number;
    // The last limit() read: its requests, and its window in seconds or its period.
    private long limitRequests;
    private long limitWindowSeconds;
    private KeyRecord.QuotaPeriod limitPeriod;

    /**
     * @throws SerializationException   when the value is not a readable key record
     * @throws IllegalArgumentException when its hash is not a SHA-256 hex digest
     */
    KeyUpdate read(String topic, ByteBuffer value) {
        byte[] bytes;
        int offset;
        int length = value.remaining();
        if (value.hasArray()) {
            bytes = value.array();
            offset = value.arrayOffset() + value.position();
        } else {
            bytes = new byte[length];
            value.duplicate().get(bytes);
            offset = 0;
        }
        KeyUpdate update;
        try {
            update = scan(bytes, offset, length);
        } catch (RuntimeException e) {
            // Not expected for any input; should it happen, the binding still reads the record right.
            update = null;
        } finally {
            in = null;
        }
        if (update != null) {
            return update;
        }
        byte[] copy = offset == 0 && length == bytes.length ? bytes
                : Arrays.copyOfRange(bytes, offset, offset + length);
        KeyRecord record = binding.deserialize(topic, copy);
        if (record == null) {
            throw new SerializationException("a key record may not be JSON null; a deletion is a tombstone");
        }
        return KeyUpdate.of(record);
    }

    /** The update, or {@code null} when the value is not of the common shape. */
    KeyUpdate scan(byte[] bytes, int offset, int length) {
        in = bytes;
        pos = offset;
        end = offset + length;
        String keyId = null;
        KeyDigest digest = null;
        String projectId = null;
        String developerId = null;
        List<String> allowedApis = List.of();
        KeyStatus status = null;
        long expiresAt = Long.MAX_VALUE;
        long version = 0;
        long rateRequests = 0;
        long rateWindowSeconds = 0;
        long quotaRequests = 0;
        KeyRecord.QuotaPeriod quotaPeriod = null;
        int seen = 0;
        skipWhitespace();
        if (!take('{')) {
            return null;
        }
        do {
            skipWhitespace();
            int field = fieldName();
            if (field < 0 || (seen & 1 << field) != 0) {
                return null;
            }
            seen |= 1 << field;
            skipWhitespace();
            if (!take(':')) {
                return null;
            }
            skipWhitespace();
            boolean isNull = takeNull();
            switch (field) {
                case SCHEMA_VERSION -> {
                    if (isNull || !integer() || number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
                        return null;
                    }
                }
                case KEY_ID -> {
                    if (isNull || !string()) {
                        return null;
                    }
                    keyId = new String(in, stringStart, stringLength, StandardCharsets.ISO_8859_1);
                }
                case KEY_HASH -> {
                    if (isNull || !string() || stringLength != 64) {
                        return null;
                    }
                    try {
                        digest = KeyDigest.fromHexAscii(in, stringStart);
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                }
                case PROJECT_ID, DEVELOPER_ID -> {
                    if (!isNull) {
                        if (!string()) {
                            return null;
                        }
                        String id = ids.intern(in, stringStart, stringLength);
                        if (field == PROJECT_ID) {
                            projectId = id;
                        } else {
                            developerId = id;
                        }
                    }
                }
                case STATUS -> {
                    if (isNull || !string() || (status = status()) == null) {
                        return null;
                    }
                }
                case KEY_HINT, CREATED_AT -> {
                    if (!isNull && !string()) {
                        return null;
                    }
                }
                case EXPIRES_AT -> {
                    if (!isNull) {
                        if (!string() || !instant()) {
                            return null;
                        }
                        expiresAt = number;
                    }
                }
                case ALLOWED_APIS -> {
                    if (!isNull && (allowedApis = apiIds()) == null) {
                        return null;
                    }
                }
                case VERSION -> {
                    if (isNull || !integer()) {
                        return null;
                    }
                    version = number;
                }
                case RATE_LIMIT -> {
                    // A record the contract refuses (a limit below 1) goes to the binding, which refuses it.
                    if (!isNull) {
                        if (!limit(false)) {
                            return null;
                        }
                        rateRequests = limitRequests;
                        rateWindowSeconds = limitWindowSeconds;
                    }
                }
                case QUOTA -> {
                    if (!isNull) {
                        if (!limit(true)) {
                            return null;
                        }
                        quotaRequests = limitRequests;
                        quotaPeriod = limitPeriod;
                    }
                }
                default -> {
                    return null;
                }
            }
            skipWhitespace();
        } while (take(','));
        if (!take('}')) {
            return null;
        }
        skipWhitespace();
        if (pos != end || (seen & REQUIRED) != REQUIRED) {
            return null;
        }
        return new KeyUpdate(keyId, digest, projectId, developerId, allowedApis, status, expiresAt, version,
                KeyLimits.of(rateRequests, rateWindowSeconds, quotaRequests, quotaPeriod));
    }

    /** The index of the known field whose quoted name is next, or -1. */
    private int fieldName() {
        if (!string()) {
            return -1;
        }
        for (int f = 0; f < FIELDS.length; f++) {
            if (stringEquals(FIELDS[f])) {
                return f;
            }
        }
        return -1;
    }

    private KeyStatus status() {
        for (int s = 0; s < STATUS_NAMES.length; s++) {
            if (stringEquals(STATUS_NAMES[s])) {
                return STATUSES[s];
            }
        }
        return null;
    }

    /**
     * A rate limit ({@code {"requests": n, "windowSeconds": n}}) or a quota ({@code {"requests": n,
     * "period": "DAY"}}): both fields once, numbers at least 1, a period the contract knows;
     * {@code false} for anything else, which the binding then judges.
     */
    private boolean limit(boolean quota) {
        if (!take('{')) {
            return false;
        }
        int seen = 0;
        do {
            skipWhitespace();
            if (!string()) {
                return false;
            }
            int field = stringEquals(REQUESTS) ? 1 : stringEquals(quota ? PERIOD : WINDOW_SECONDS) ? 2 : 0;
            if (field == 0 || (seen & field) != 0) {
                return false;
            }
            seen |= field;
            skipWhitespace();
            if (!take(':')) {
                return false;
            }
            skipWhitespace();
            boolean valid = quota && field == 2 ? string() && period() : integer() && number >= 1;
            if (!valid) {
                return false;
            }
            if (field == 1) {
                limitRequests = number;
            } else if (!quota) {
                limitWindowSeconds = number;
            }
            skipWhitespace();
        } while (take(','));
        return take('}') && seen == 3;
    }

    private boolean period() {
        for (int p = 0; p < PERIODS.length; p++) {
            if (stringEquals(PERIODS[p])) {
                limitPeriod = QUOTA_PERIODS[p];
                return true;
            }
        }
        return false;
    }

    /**
     * The instant in the last string, in epoch milliseconds in {@link #number}, when it has exactly
     * the form the contract writes ({@code 2026-11-23T10:00:00Z}, optionally with 1 to 9 fraction
     * digits), with every field in range; {@code false} for anything else, which {@link Instant#parse}
     * then reads. Why by hand: {@code DateTimeFormatter} allocates and is costly to compile, and
     * the feed parses one expiry per expiring key.
     */
    private boolean instant() {
        int p = stringStart;
        int n = stringLength;
        if (n < 20 || n > 30 || n == 21 || in[p + 4] != '-' || in[p + 7] != '-' || in[p + 10] != 'T'
                || in[p + 13] != ':' || in[p + 16] != ':' || in[p + n - 1] != 'Z') {
            return fallbackInstant();
        }
        int year = digits(p, 4);
        int month = digits(p + 5, 2);
        int day = digits(p + 8, 2);
        int hour = digits(p + 11, 2);
        int minute = digits(p + 14, 2);
        int second = digits(p + 17, 2);
        long nanos = 0;
        if (n > 20) {
            if (in[p + 19] != '.') {
                return fallbackInstant();
            }
            int fraction = digits(p + 20, n - 21);
            if (fraction < 0) {
                return fallbackInstant();
            }
            nanos = fraction;
            for (int i = n - 21; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > YearMonth.of(year, month).lengthOfMonth()) {
            return fallbackInstant();
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        number = (epochDay * 86_400 + hour * 3_600 + minute * 60 + second) * 1_000 + nanos / 1_000_000;
        return true;
    }

    /** Anything but the usual form of an instant: {@link Instant#parse}, as the binding would. */
    private boolean fallbackInstant() {
        try {
            number = KeyUpdate.millis(Instant.parse(new String(in, stringStart, stringLength, StandardCharsets.ISO_8859_1)));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The decimal number in {@code count} digits at {@code from}, or -1. */
    private int digits(int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int d = in[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** {@code []} or strings in brackets, or {@code null} when anything else. */
    private List<String> apiIds() {
        if (!take('[')) {
            return null;
        }
        skipWhitespace();
        if (take(']')) {
            return List.of();
        }
        List<String> apis = new ArrayList<>(4);
        do {
            skipWhitespace();
            if (!string()) {
                return null;
            }
            apis.add(ids.intern(in, stringStart, stringLength));
            skipWhitespace();
        } while (take(','));
        return take(']') ? apis : null;
    }

    /**
     * A quoted string of printable ASCII without escapes, its bounds in {@link #stringStart} and
     * {@link #stringLength}; {@code false} for anything else, which the binding then reads.
     */
    private boolean string() {
        if (!take('"')) {
            return false;
        }
        int start = pos;
        while (pos < end) {
            int b = in[pos];
            if (b == '"') {
                stringStart = start;
                stringLength = pos - start;
                pos++;
                return true;
            }
            if (b < 0x20 || b == '\\' || b == 0x7f) {
                // Control, escape, or (negative as a byte) not ASCII: decoding is the binding's job.
                return false;
            }
            pos++;
        }
        return false;
    }

    /** A JSON integer that fits in a long, in {@link #number}; {@code false} for anything else. */
    private boolean integer() {
        boolean negative = take('-');
        int start = pos;
        long value = 0;
        while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
            value = value * 10 + (in[pos] - '0');
            pos++;
        }
        int digits = pos - start;
        if (digits == 0 || digits > 18 || (digits > 1 && in[start] == '0')) {
            return false;
        }
        if (pos < end && (in[pos] == '.' || in[pos] == 'e' || in[pos] == 'E')) {
            return false;
        }
        number = negative ? -value : value;
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private boolean stringEquals(byte[] expected) {
        if (stringLength != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (in[stringStart + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean takeNull() {
        if (end - pos < 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (in[pos + i] != NULL[i]) {
                return false;
            }
        }
        pos += 4;
        return true;
    }

    private boolean take(char c) {
        if (pos < end && in[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (pos < end && (in[pos] == ' ' || in[pos] == '\n' || in[pos] == '\r' || in[pos] == '\t')) {
            pos++;
        }
    }
}
