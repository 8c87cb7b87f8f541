package io.keytrail.gateway.protect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private final TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "192.0.2.7", "2001:db8::/32"));

    /** peer | X-Forwarded-For lines separated by '|' ('-' for none) | expected client. */
    @ParameterizedTest(name = "{0} with [{1}] is {2}")
    @CsvSource(delimiter = ';', value = {
            // Untrusted peers: the header is the client's say and is ignored.
            "203.0.113.9; 1.2.3.4; 203.0.113.9",
            "203.0.113.9; -; 203.0.113.9",
            // A trusted peer: the right-most untrusted entry.
            "10.1.2.3; 198.51.100.1; 198.51.100.1",
            "10.1.2.3; 6.6.6.6, 198.51.100.1; 198.51.100.1",
            // Chains of trusted proxies are walked through; a forged left part is never reached.
            "10.1.2.3; 6.6.6.6, 198.51.100.1, 10.9.9.9, 192.0.2.7; 198.51.100.1",
            // Several header lines are one list, in order.
            "10.1.2.3; 6.6.6.6, 198.51.100.1|10.2.2.2; 198.51.100.1",
            // Only trusted proxies: the left-most of them; no header: the peer.
            "10.1.2.3; 10.0.0.1, 10.0.0.2; 10.0.0.1",
            "10.1.2.3; -; 10.1.2.3",
            // Malformed entries end the walk at the last trusted hop.
            "10.1.2.3; 198.51.100.1, unknown; 10.1.2.3",
            "10.1.2.3; 198.51.100.1, evil.example.com, 10.0.0.5; 10.0.0.5",
            "10.1.2.3; 198.51.100.1,, 10.0.0.5; 10.0.0.5",
            "10.1.2.3; 256.1.1.1; 10.1.2.3",
            "10.1.2.3; 1.2.3; 10.1.2.3",
            "10.1.2.3; fe80::1%eth0; 10.1.2.3",
            // Ports as proxies write them.
            "10.1.2.3; 198.51.100.1:4711; 198.51.100.1",
            "10.1.2.3; [2001:db9::5]:443; 2001:db9:0:0:0:0:0:5",
            // IPv6 peers and entries.
            "2001:db8::1; 2001:db9::5; 2001:db9:0:0:0:0:0:5",
            "2001:db8::1; 198.51.100.1, 2001:db8:ffff::2; 198.51.100.1",
            "2001:db9::1; 198.51.100.1; 2001:db9:0:0:0:0:0:1",
    })
    void resolvesTheClient(String peer, String header, String expected) {
        List<String> lines = "-".equals(header) ? null : Arrays.asList(header.split("\\|"));
        assertEquals(expected, proxies.client(ip(peer), lines).getHostAddress());
    }

    @Test
    void noTrustedProxiesMeansThePeerAlways() {
        assertEquals("10.1.2.3", TrustedProxies.none().client(ip("10.1.2.3"), List.of("1.1.1.1")).getHostAddress());
    }

    @Test
    void aLongForgedChainOfTrustedAddressesIsCutOff() {
        String chain = String.join(",", java.util.Collections.nCopies(1_000, "10.0.0.1"));
        assertEquals("10.0.0.1", proxies.client(ip("10.1.2.3"), List.of("1.1.1.1," + chain)).getHostAddress());
    }

    @Test
    void rangesMatchOnlyTheirBlockAndFamily() {
        AddressRange block = AddressRange.parse("10.0.0.0/8");
        assertTrue(block.contains(ip("10.255.0.1")));
        assertFalse(block.contains(ip("11.0.0.1")));
        assertFalse(block.contains(ip("::a00:1")));
        assertTrue(AddressRange.parse("0.0.0.0/0").contains(ip("8.8.8.8")));
        assertTrue(AddressRange.parse("2001:db8::/32").contains(ip("2001:db8:1::1")));
        assertFalse(AddressRange.parse("2001:db8::/32").contains(ip("2001:db9::1")));
        assertTrue(AddressRange.parse("172.16.0.0/12").contains(ip("172.31.255.255")));
        assertFalse(AddressRange.parse("172.16.0.0/12").contains(ip("172.32.0.0")));
    }

    @Test
    void badRangesAreRefusedAndNamesAreNeverResolved() {
        for (String bad : List.of("", "localhost", "10.0.0.0/33", "::/129", "10.0.0.0/x", "1.2.3.4.5", "[::1]")) {
            assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(bad), bad);
        }
        assertNull(IpAddresses.parse("example.com"));
        assertNull(IpAddresses.parse("abc:def.example"));
    }

    static InetAddress ip(String literal) {
        InetAddress address = IpAddresses.parse(literal);
        assertTrue(address != null, literal);
        return address;
    }
}
