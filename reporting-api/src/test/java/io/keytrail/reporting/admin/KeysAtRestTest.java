package io.keytrail.reporting.admin;

import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.reporting.db.ApiKeyDao;
import io.keytrail.reporting.support.TestApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a copied database gives away: the hash and the sealed copy of a key, never the key. */
class KeysAtRestTest {
    private static final String BODY = "{\"developer\":\"alice\",\"description\":\"Key for Mobile App Access\"}";

    @TempDir
    Path dir;

    @Test
    void theStoredCopyOpensToTheIssuedKeyUnderItsOwnIdOnly() {
        try (TestApi api = new TestApi(dir)) {
            JsonNode issued = json(api.createKey("mobile", BODY));
            String keyId = issued.path("keyId").asText();

            String sealed = api.jdbi().withExtension(ApiKeyDao.class, dao -> dao.findSealedKey(keyId)).orElseThrow();

            assertFalse(sealed.contains(issued.path("key").asText()));
            assertEquals(issued.path("key").asText(), api.vault().open(keyId, sealed));
        }
    }

    @Test
    void theDatabaseFilesNeverHoldThePlaintextKey() throws IOException {
        String key;
        String keyId;
        try (TestApi api = new TestApi(dir)) {
            JsonNode issued = json(api.createKey("mobile", BODY));
            key = issued.path("key").asText();
            keyId = issued.path("keyId").asText();
        }
        // Closed, so that H2 has written everything it keeps to its files.
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertFalse(files.isEmpty());
        boolean idFound = false;
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            assertFalse(contains(content, key.getBytes(StandardCharsets.UTF_8)), "plaintext key in " + file);
            assertFalse(contains(content, key.getBytes(StandardCharsets.UTF_16BE)), "plaintext key in " + file);
            assertFalse(contains(content, key.getBytes(StandardCharsets.UTF_16LE)), "plaintext key in " + file);
            idFound |= contains(content, keyId.getBytes(StandardCharsets.UTF_8));
        }
        // The same search does find what is stored in plain text, so it would find the key too.
        assertTrue(idFound, "key id not found in " + files);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
