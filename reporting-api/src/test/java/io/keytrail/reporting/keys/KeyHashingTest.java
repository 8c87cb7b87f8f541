package io.keytrail.reporting.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KeyHashingTest {

    @Test
    void sha256IsLowerCaseHexOfUtf8() {
        // FIPS 180-2 test vector.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", KeyHashing.sha256Hex("abc"));
        assertEquals(64, KeyHashing.sha256Hex("x").length());
    }

    @Test
    void hintIsTheFirstFourCharacters() {
        assertEquals("AbC1", KeyHashing.hint("AbC1defghijklmnopqrstuvwxyz01234"));
    }
}
