package io.keytrail.gateway.protect;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict parsing of IP address literals. Input comes from configuration and from
 * {@code X-Forwarded-For}, which clients write: it must never trigger a DNS lookup, so names are
 * refused rather than resolved.
 */
public final class IpAddresses {
    /** Longer than any IPv6 literal with brackets and a port: not an address. */
    static final int MAX_LITERAL = 64;

    private IpAddresses() {
    }

    /** The address {@code text} spells (IPv4 dotted quad or IPv6), or {@code null} when it is anything else. */
    public static InetAddress parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LITERAL) {
            return null;
        }
        if (text.indexOf(':') >= 0) {
            return ipv6(text);
        }
        byte[] bytes = ipv4(text);
        return bytes == null ? null : byAddress(bytes);
    }

    /**
     * One {@code X-Forwarded-For} entry: an address, optionally with a port as proxies write it
     * ({@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}); {@code null} when malformed.
     */
    static InetAddress parseForwarded(String entry) {
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || (close + 1 < entry.length() && !isPort(entry, close + 1))) {
                return null;
            }
            String inner = entry.substring(1, close);
            return inner.indexOf(':') >= 0 ? ipv6(inner) : null;
        }
        int colon = entry.indexOf(':');
        if (colon >= 0 && colon == entry.lastIndexOf(':')) {
            // Exactly one colon: IPv4 with a port (an IPv6 literal has at least two).
            return isPort(entry, colon) ? parse(entry.substring(0, colon)) : null;
        }
        return parse(entry);
    }

    private static boolean isPort(String text, int colon) {
        int digits = text.length() - colon - 1;
        if (text.charAt(colon) != ':' || digits < 1 || digits > 5) {
            return false;
        }
        for (int i = colon + 1; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv6(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // Hex digits, colons and an embedded IPv4 tail only: no zone ids, no names.
            if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                return null;
            }
        }
        try {
            // Brackets make the JDK parse a literal or fail; it never falls back to DNS for them.
            return InetAddress.getByName("[" + text + "]");
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] ipv4(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i == text.length() ? '.' : text.charAt(i);
            if (c == '.') {
                if (digits == 0 || part == 4) {
                    return null;
                }
                bytes[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? bytes : null;
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for a wrong length, which ipv4() rules out
        }
    }
}
