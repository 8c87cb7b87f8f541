package io.keytrail.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
    @TempDir
    Path root;

    @Test
    void tokenFileOptionBeatsEnvironmentWhichBeatsTheStackFile() throws Exception {
        Files.createDirectories(root.resolve(".keytrail"));
        Files.writeString(root.resolve(".keytrail/admin-token"), "from-stack-file-0123456789\n");
        Path explicit = Files.writeString(root.resolve("my-token"), "  from-option-file-0123456789 \n");
        Map<String, String> env = Map.of("KEYTRAIL_ADMIN_TOKEN", "from-environment-0123456789");

        assertEquals("from-option-file-0123456789", AdminToken.resolve(explicit.toString(), env, root).value());
        assertEquals("from-environment-0123456789", AdminToken.resolve(null, env, root).value());
        assertEquals("KEYTRAIL_ADMIN_TOKEN", AdminToken.resolve(null, env, root).source());
        AdminToken fromFile = AdminToken.resolve(null, Map.of(), root);
        assertEquals("from-stack-file-0123456789", fromFile.value());
        assertEquals(root.resolve(".keytrail/admin-token").toString(), fromFile.source());
    }

    @Test
    void theStackFileMovesWithKeytrailDataDir() throws Exception {
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/admin-token"), "in-data-dir-0123456789");
        assertEquals("in-data-dir-0123456789",
                AdminToken.resolve(null, Map.of("KEYTRAIL_DATA_DIR", "data"), root).value());
        assertEquals(root.resolve("data/admin-token"), AdminToken.defaultFile(Map.of("KEYTRAIL_DATA_DIR", "data"), root));
        Path absolute = root.resolve("elsewhere");
        assertEquals(absolute.resolve("admin-token"),
                AdminToken.defaultFile(Map.of("KEYTRAIL_DATA_DIR", absolute.toString()), root));
    }

    @Test
    void noTokenNamesWhereItLooked() throws Exception {
        SetupException missing = assertThrows(SetupException.class, () -> AdminToken.resolve(null, Map.of(), root));
        assertTrue(missing.getMessage().contains("KEYTRAIL_ADMIN_TOKEN is not set"), missing.getMessage());
        assertTrue(missing.getMessage().contains(root.resolve(".keytrail/admin-token").toString()), missing.getMessage());

        assertThrows(SetupException.class, () -> AdminToken.resolve(root.resolve("nope").toString(), Map.of(), root));
        Path empty = Files.writeString(root.resolve("empty"), "\n");
        assertTrue(assertThrows(SetupException.class, () -> AdminToken.resolve(empty.toString(), Map.of(), root))
                .getMessage().contains("is empty"));
        Path twoWords = Files.writeString(root.resolve("two"), "abc def");
        assertThrows(SetupException.class, () -> AdminToken.resolve(twoWords.toString(), Map.of(), root));
    }

    @Test
    void neverShowsTheToken() {
        AdminToken token = new AdminToken("super-secret-token-value", "test");
        assertFalse(token.toString().contains("super-secret"));
    }
}
