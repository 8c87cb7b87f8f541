package io.keytrail.reporting.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.reporting.support.TestApi;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyVaultTest {
    private static final String KEY_ID = "key_aaaaaaaaaaaaaaaa";
    private static final String KEY = "Abcdefghijklmnopqrstuvwxyz012345";

    private final KeyVault vault = TestApi.testVault();

    @Test
    void aSealedKeyOpensToTheKey() {
        String sealed = vault.seal(KEY_ID, KEY);

        assertEquals(KEY, vault.open(KEY_ID, sealed));
        assertFalse(sealed.contains(KEY));
        // 12-byte nonce + 32-byte key + 16-byte tag, in base64: fits the VARCHAR(128) column.
        assertEquals(60, Base64.getDecoder().decode(sealed).length);
        assertTrue(sealed.length() <= 128, sealed);
    }

    @Test
    void everySealHasItsOwnNonce() {
        String first = vault.seal(KEY_ID, KEY);
        String second = vault.seal(KEY_ID, KEY);

        assertNotEquals(first, second);
        assertNotEquals(first.substring(0, 16), second.substring(0, 16), "the nonces differ");
        assertEquals(KEY, vault.open(KEY_ID, second));
    }

    @Test
    void aTamperedSealDoesNotOpen() {
        byte[] sealed = Base64.getDecoder().decode(vault.seal(KEY_ID, KEY));
        for (int i : new int[] {0, 11, 12, 30, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            String text = Base64.getEncoder().encodeToString(tampered);
            assertThrows(KeyVault.UnsealException.class, () -> vault.open(KEY_ID, text), "byte " + i);
        }
    }

    @Test
    void aSealMovedToAnotherKeyIdDoesNotOpen() {
        String sealed = vault.seal(KEY_ID, KEY);

        KeyVault.UnsealException e = assertThrows(KeyVault.UnsealException.class,
                () -> vault.open("key_bbbbbbbbbbbbbbbb", sealed));
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void anotherMasterKeyDoesNotOpenIt() {
        String sealed = vault.seal(KEY_ID, KEY);

        assertThrows(KeyVault.UnsealException.class, () -> TestApi.testVault().open(KEY_ID, sealed));
    }

    @Test
    void garbageDoesNotOpen() {
        assertThrows(KeyVault.UnsealException.class, () -> vault.open(KEY_ID, "not base64!"));
        assertThrows(KeyVault.UnsealException.class, () -> vault.open(KEY_ID, ""));
        assertThrows(KeyVault.UnsealException.class,
                () -> vault.open(KEY_ID, Base64.getEncoder().encodeToString(new byte[28])));
    }
}
