package io.keytrail.gateway.protect;

import java.net.InetAddress;
import java.util.Arrays;

/** One IP address or CIDR block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code 192.0.2.7}). */
public final class AddressRange {
    private final byte[] network;
    private final int prefixLength;

    private AddressRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * @throws IllegalArgumentException saying what is wrong, for the configuration to name the field
     */
    public static AddressRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must be an IP address or CIDR block, got '" + text + "'");
        }
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        InetAddress address = IpAddresses.parse(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("must be an IP address or CIDR block, got '" + text + "'");
        }
        byte[] bytes = address.getAddress();
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix length must be 0 to " + bits + ", got '" + text + "'");
            }
        }
        return new AddressRange(mask(bytes, prefix), prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefixLength), network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] masked = bytes.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }
}
