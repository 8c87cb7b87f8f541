package io.keytrail.cli.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The admin bearer token and where it came from. Never taken from the command line, where it would
 * end up in shell history and in {@code ps}; {@link #toString()} never shows it.
 *
 * @param source for messages: {@code KEYTRAIL_ADMIN_TOKEN} or the file it was read from
 */
public record AdminToken(String value, String source) {
    public static final String TOKEN_VARIABLE = "KEYTRAIL_ADMIN_TOKEN";
    public static final String DATA_DIR_VARIABLE = "KEYTRAIL_DATA_DIR";
    private static final int MAX_FILE_BYTES = 4096;

    public AdminToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        if (value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new SetupException("the admin token from " + source + " is not a token (printable ASCII without spaces)");
        }
    }

    /**
     * The token from {@code --token-file} when given, else {@code KEYTRAIL_ADMIN_TOKEN}, else the file
     * {@code ./keytrail up} keeps it in: {@code admin-token} in {@code KEYTRAIL_DATA_DIR} (relative
     * to {@code root}) or in {@code root/.keytrail}.
     *
     * @throws SetupException when none can be read, naming where it looked
     */
    public static AdminToken resolve(String tokenFileOption, Map<String, String> env, Path root) {
        if (tokenFileOption != null) {
            return fromFile(Path.of(tokenFileOption), true);
        }
        String fromEnv = env.get(TOKEN_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new AdminToken(fromEnv.strip(), TOKEN_VARIABLE);
        }
        return fromFile(defaultFile(env, root), false);
    }

    /** Where {@code ./keytrail up} keeps the token. */
    public static Path defaultFile(Map<String, String> env, Path root) {
        String dataDir = env.get(DATA_DIR_VARIABLE);
        Path data = dataDir != null && !dataDir.isBlank() ? root.resolve(dataDir.strip()) : root.resolve(".keytrail");
        return data.resolve("admin-token").normalize();
    }

    private static AdminToken fromFile(Path file, boolean named) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new SetupException("the token file " + file + " is larger than a token");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SetupException(named
                    ? "no token file " + file
                    : "no admin token: " + TOKEN_VARIABLE + " is not set and " + file
                      + " does not exist (./keytrail up creates it on first start)");
        } catch (IOException e) {
            throw new SetupException("cannot read the token file " + file + ": " + e.getMessage());
        }
        String token = new String(bytes, StandardCharsets.US_ASCII).strip();
        if (token.isEmpty()) {
            throw new SetupException("the token file " + file + " is empty");
        }
        return new AdminToken(token, file.toString());
    }

    @Override
    public String toString() {
        return "AdminToken[value=***, source=" + source + "]";
    }
}
