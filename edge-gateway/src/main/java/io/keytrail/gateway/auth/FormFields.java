package io.keytrail.gateway.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads and removes one field of {@code application/x-www-form-urlencoded} text, the syntax of both
 * query strings and form bodies, without decoding or reordering anything else: what goes upstream
 * is the client's text minus the key, byte for byte. The text is given as one char per byte
 * (ISO-8859-1), so percent-decoded values can be checked as strict UTF-8.
 */
final class FormFields {
    private FormFields() {
    }

    /** The occurrences of {@code name} in {@code raw}. */
    static FoundKeys find(String raw, String name) {
        int count = 0;
        String first = null;
        int start = 0;
        int length = raw.length();
        while (start <= length) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            int equals = raw.indexOf('=', start);
            int nameEnd = equals < 0 || equals > end ? end : equals;
            if (named(raw, start, nameEnd, name)) {
                if (count++ == 0) {
                    first = nameEnd == end ? "" : decode(raw, nameEnd + 1, end);
                }
            }
            start = end + 1;
        }
        return new FoundKeys(count, first);
    }

    /** {@code raw} without any occurrence of {@code name}; the other fields keep their text and order. */
    static String without(String raw, String name) {
        StringBuilder kept = new StringBuilder(raw.length());
        int start = 0;
        int length = raw.length();
        while (start <= length) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            int equals = raw.indexOf('=', start);
            int nameEnd = equals < 0 || equals > end ? end : equals;
            if (!named(raw, start, nameEnd, name) && end > start) {
                if (kept.length() > 0) {
                    kept.append('&');
                }
                kept.append(raw, start, end);
            }
            start = end + 1;
        }
        return kept.toString();
    }

    private static boolean named(String raw, int start, int end, String name) {
        if (end - start == name.length() && raw.regionMatches(start, name, 0, name.length())) {
            return true;
        }
        // Only an encoded name can still match: names are plain, so encodings of them decode to them.
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == '+') {
                return name.equals(decode(raw, start, end));
            }
        }
        return false;
    }

    /**
     * Percent- and plus-decodes {@code raw[start, end)} as strict UTF-8; {@code null} when it is not
     * (a bad escape, or bytes that are not UTF-8), since such a value can never be a key.
     */
    static String decode(String raw, int start, int end) {
        ByteBuffer bytes = ByteBuffer.allocate(end - start);
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                bytes.put((byte) ' ');
            } else if (c == '%') {
                if (i + 2 >= end) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else if (c > 0xff) {
                return null;
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
