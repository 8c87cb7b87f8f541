package io.keytrail.gateway.protect;

import java.net.InetAddress;
import java.util.List;

/**
 * Who the client of a request is. The TCP peer, unless the peer is a trusted proxy: then the
 * right-most {@code X-Forwarded-For} entry that is not itself a trusted proxy. Entries are read
 * right to left because each proxy appends the peer it saw, so only the part written by our own
 * proxies can be believed; everything left of the first untrusted hop is the client's say.
 */
public final class TrustedProxies {
    /** Hops examined at most: bounds the work a long forged header can cause. */
    static final int MAX_HOPS = 32;

    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final AddressRange[] ranges;

    private TrustedProxies(List<AddressRange> ranges) {
        this.ranges = ranges.toArray(AddressRange[]::new);
    }

    /** No proxy is trusted: the client is always the TCP peer. */
    public static TrustedProxies none() {
        return NONE;
    }

    /** @throws IllegalArgumentException for an entry that is no address or CIDR block */
    public static TrustedProxies of(List<String> addressesAndBlocks) {
        return new TrustedProxies(addressesAndBlocks.stream().map(AddressRange::parse).toList());
    }

    public boolean trusts(InetAddress address) {
        for (AddressRange range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client address.
     *
     * @param peer         the TCP peer
     * @param forwardedFor the request's {@code X-Forwarded-For} header lines in order, {@code null} when absent
     * @return the client address; the peer when it is no trusted proxy. A malformed entry ends the
     *         walk at the last trusted hop, since what lies left of it was vouched for by nobody;
     *         a header of trusted proxies only resolves to the left-most of them.
     */
    public InetAddress client(InetAddress peer, List<String> forwardedFor) {
        if (ranges.length == 0 || forwardedFor == null || !trusts(peer)) {
            return peer;
        }
        InetAddress client = peer;
        int hops = 0;
        for (int line = forwardedFor.size() - 1; line >= 0; line--) {
            String value = forwardedFor.get(line);
            int end = value.length();
            while (true) {
                int comma = value.lastIndexOf(',', end - 1);
                if (++hops > MAX_HOPS) {
                    return client;
                }
                InetAddress hop = IpAddresses.parseForwarded(value.substring(comma + 1, end).trim());
                if (hop == null) {
                    return client;
                }
                client = hop;
                if (!trusts(hop)) {
                    return client;
                }
                if (comma < 0) {
                    break;
                }
                end = comma;
            }
        }
        return client;
    }
}
