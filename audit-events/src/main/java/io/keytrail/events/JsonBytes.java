package io.keytrail.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * JSON written straight into bytes, exactly as the contract's mapper writes it, for the direct
 * writers of the records written once per event or per window ({@link AuthEventBytes},
 * {@link UsageWindowBytes}). They write only what needs no escaping ({@link #safe(String)}) and
 * times with four-digit years ({@link #fourDigitYear}), and leave everything else to Jackson.
 *
 * <p>The static methods write into an array the caller sized; an instance is a growing buffer.
 */
final class JsonBytes {
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: four-digit years, as ISO_INSTANT prints them. */
    private static final long MIN_SECOND = -62_167_219_200L;
    private static final long MAX_SECOND = 253_402_300_799L;
    /** yyyy-MM-ddTHH:mm:ss */
    static final int TIME_LENGTH = 19;
    private static final byte[] BASE64 = ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    private byte[] out;
    private int at;

    JsonBytes(int capacity) {
        out = new byte[Math.max(16, capacity)];
    }

    JsonBytes raw(byte[] bytes) {
        ensure(bytes.length);
        at = put(out, at, bytes);
        return this;
    }

    JsonBytes raw(char c) {
        ensure(1);
        out[at++] = (byte) c;
        return this;
    }

    /** A text {@link #safe(String)} has accepted, in quotes. */
    JsonBytes quoted(String value) {
        ensure(value.length() + 2);
        out[at++] = '"';
        at = putAscii(out, at, value);
        out[at++] = '"';
        return this;
    }

    JsonBytes number(long value) {
        ensure(20);
        at = putLong(out, at, value);
        return this;
    }

    /** A time {@link #fourDigitYear} has accepted, in quotes. */
    JsonBytes time(Instant time) {
        ensure(TIME_LENGTH + 13);
        out[at++] = '"';
        at = putTime(out, at, time);
        out[at++] = '"';
        return this;
    }

    /** Bytes as Jackson writes them by default: standard base64 with padding, no line breaks, in quotes. */
    JsonBytes base64(byte[] bytes) {
        ensure(4 * ((bytes.length + 2) / 3) + 2);
        byte[] o = out;
        int w = at;
        o[w++] = '"';
        int full = bytes.length - bytes.length % 3;
        for (int i = 0; i < full; i += 3) {
            int bits = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8 | bytes[i + 2] & 0xff;
            o[w++] = BASE64[bits >>> 18];
            o[w++] = BASE64[bits >>> 12 & 0x3f];
            o[w++] = BASE64[bits >>> 6 & 0x3f];
            o[w++] = BASE64[bits & 0x3f];
        }
        int rest = bytes.length - full;
        if (rest > 0) {
            int bits = (bytes[full] & 0xff) << 16 | (rest == 2 ? (bytes[full + 1] & 0xff) << 8 : 0);
            o[w++] = BASE64[bits >>> 18];
            o[w++] = BASE64[bits >>> 12 & 0x3f];
            o[w++] = rest == 2 ? BASE64[bits >>> 6 & 0x3f] : (byte) '=';
            o[w++] = '=';
        }
        o[w++] = '"';
        at = w;
        return this;
    }

    byte[] toArray() {
        return Arrays.copyOf(out, at);
    }

    private void ensure(int more) {
        if (at + more > out.length) {
            out = Arrays.copyOf(out, Math.max(at + more, out.length * 2));
        }
    }

    /** Absent, or printable ASCII other than {@code "} and {@code \}: written as it is. */
    static boolean safe(String value) {
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

    /** Absent, or between the years 0000 and 9999, which ISO_INSTANT prints without a sign. */
    static boolean fourDigitYear(Instant time) {
        if (time == null) {
            return true;
        }
        long second = time.getEpochSecond();
        return second >= MIN_SECOND && second <= MAX_SECOND;
    }

    static int put(byte[] out, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    /** Callers have checked that {@code value} is ASCII. */
    @SuppressWarnings("deprecation")
    static int putAscii(byte[] out, int at, String value) {
        value.getBytes(0, value.length(), out, at);
        return at + value.length();
    }

    static int digits(long value) {
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

    static int putLong(byte[] out, int at, long value) {
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
    static int fraction(int nano) {
        if (nano == 0) {
            return 0;
        }
        return nano % 1_000_000 == 0 ? 4 : nano % 1_000 == 0 ? 7 : 10;
    }

    /** The time as ISO_INSTANT prints it, without quotes; callers have checked {@link #fourDigitYear}. */
    static int putTime(byte[] out, int at, Instant time) {
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

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
