package io.keytrail.gateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyDigestTest {
    @Test
    void everyHexFormReadsAsTheDigestOfTheKey() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 500; i++) {
            String key = "key-" + random.nextLong();
            byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(sha256);
            KeyDigest expected = KeyDigest.of(sha256);
            assertEquals(expected, KeyDigest.ofKey(key));
            assertEquals(expected, KeyDigest.fromHex(hex));
            assertEquals(expected, KeyDigest.fromHex(hex.toUpperCase()));
            byte[] framed = ("xx" + hex + "yy").getBytes(StandardCharsets.US_ASCII);
            assertEquals(expected, KeyDigest.fromHexAscii(framed, 2));
        }
    }

    @Test
    void anythingButHexDigitsIsRefused() {
        String zeros = "0".repeat(63);
        for (String bad : new String[] {"g", "G", " ", "-", "é", "\u0660", "\uff10", "/", ":", "@", "`"}) {
            assertThrows(IllegalArgumentException.class, () -> KeyDigest.fromHex(zeros + bad), bad);
            byte[] bytes = (zeros + bad).getBytes(StandardCharsets.UTF_8);
            if (bytes.length == 64) {
                assertThrows(IllegalArgumentException.class, () -> KeyDigest.fromHexAscii(bytes, 0), bad);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> KeyDigest.fromHex(null));
        assertThrows(IllegalArgumentException.class, () -> KeyDigest.fromHex("0".repeat(65)));
    }
}
