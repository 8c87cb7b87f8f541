package io.keytrail.reporting.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyGeneratorTest {
    private final KeyGenerator generator = KeyGenerator.create();

    @Test
    void keysAre32AlphanumericCharacters() {
        for (int i = 0; i < 1000; i++) {
            String key = generator.newKey();
            assertTrue(key.matches("[A-Za-z0-9]{32}"), key);
        }
    }

    @Test
    void keysAreUniqueAndUseTheWholeAlphabet() {
        Set<String> keys = new HashSet<>();
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String key = generator.newKey();
            keys.add(key);
            key.chars().forEach(c -> seen.add((char) c));
        }
        assertEquals(2000, keys.size());
        // 64,000 draws from 62 characters: every character shows up unless the draw is broken.
        assertEquals(62, seen.size());
    }

    @Test
    void keyIdsAreLowerCaseAndIndependentOfKeys() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = generator.newKeyId();
            assertTrue(id.matches("key_[a-z0-9]{16}"), id);
            ids.add(id);
        }
        assertEquals(1000, ids.size());
    }
}
