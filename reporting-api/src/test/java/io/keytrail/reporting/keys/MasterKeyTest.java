package io.keytrail.reporting.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MasterKeyTest {
    private static final String KEY_ID = "key_aaaaaaaaaaaaaaaa";

    @TempDir
    Path dir;

    @Test
    void generatesAnOwnerOnlyKeyFileAndReusesIt() throws IOException {
        Path file = dir.resolve("data").resolve("master-key");

        MasterKey first = MasterKey.loadOrCreate(file, new SecureRandom());
        String content = Files.readString(file);
        MasterKey second = MasterKey.loadOrCreate(file, new SecureRandom());

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(32, Base64.getDecoder().decode(content.strip()).length);
        assertEquals(content, Files.readString(file), "the file is reused, never replaced");
        String sealed = new KeyVault(first, new SecureRandom()).seal(KEY_ID, "secret");
        assertEquals("secret", new KeyVault(second, new SecureRandom()).open(KEY_ID, sealed));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aKeyFileReadableByOthersIsRestrictedToItsOwner() throws IOException {
        Path file = dir.resolve("master-key");
        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        MasterKey.loadOrCreate(file, new SecureRandom());

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void anUnusableKeyFileStopsStartUpAndIsKept() throws IOException {
        Path file = dir.resolve("master-key");
        Files.writeString(file, "too-short\n");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MasterKey.loadOrCreate(file, new SecureRandom()));

        assertFalse(e.getMessage().contains("too-short"), e.getMessage());
        assertEquals("too-short\n", Files.readString(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not base64!", "AAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="})
    void onlyTheBase64Of32BytesIsAMasterKey(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MasterKey.fromBase64(value));
        assertFalse(!value.isEmpty() && e.getMessage().contains(value), e.getMessage());
    }

    @Test
    void toStringHidesTheKey() {
        assertEquals("MasterKey[***]", MasterKey.fromBase64(Base64.getEncoder().encodeToString(new byte[32])).toString());
    }
}
