package io.keytrail.reporting.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

    @TempDir
    Path dir;

    @Test
    void generatesAnOwnerOnlyTokenFileAndReusesIt() throws IOException {
        Path file = dir.resolve("data").resolve("admin-token");

        AdminToken first = AdminToken.loadOrCreate(file, new SecureRandom());
        AdminToken second = AdminToken.loadOrCreate(file, new SecureRandom());

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(first.value().matches("[A-Za-z0-9_-]{43}"), first.value());
        assertEquals(first.value(), second.value());
        assertEquals(first.value(), Files.readString(file).strip());
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void separateDataDirectoriesGetDifferentTokens() {
        SecureRandom random = new SecureRandom();
        AdminToken a = AdminToken.loadOrCreate(dir.resolve("a/admin-token"), random);
        AdminToken b = AdminToken.loadOrCreate(dir.resolve("b/admin-token"), random);

        assertNotEquals(a.value(), b.value());
    }

    @Test
    void aTokenFileReadableByOthersIsRestrictedToItsOwner() throws IOException {
        Path file = dir.resolve("admin-token");
        Files.writeString(file, "an-operator-written-token-123\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        AdminToken token = AdminToken.loadOrCreate(file, new SecureRandom());

        assertEquals("an-operator-written-token-123", token.value());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aTokenFileWithoutAUsableTokenStopsStartUp() throws IOException {
        Path file = dir.resolve("admin-token");
        Files.writeString(file, "\n");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AdminToken.loadOrCreate(file, new SecureRandom()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void matchesOnlyTheExactToken() {
        AdminToken token = AdminToken.of("exactly-this-token-42");

        assertTrue(token.matches("exactly-this-token-42"));
        assertFalse(token.matches("exactly-this-token-4"));
        assertFalse(token.matches("exactly-this-token-42 "));
        assertFalse(token.matches("EXACTLY-THIS-TOKEN-42"));
        assertFalse(token.matches(""));
        assertFalse(token.matches(null));
        assertFalse(token.toString().contains("exactly"), token.toString());
    }

    @Test
    void refusesShortConfiguredTokens() {
        assertThrows(IllegalArgumentException.class, () -> AdminToken.of("too-short"));
    }
}
