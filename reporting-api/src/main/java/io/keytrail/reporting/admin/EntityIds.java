package io.keytrail.reporting.admin;

import io.keytrail.reporting.keys.KeyGenerator;
import java.util.regex.Pattern;

/**
 * The rules for ids taken from requests: project and developer ids are short, plain and safe in
 * URLs, topic keys and log lines; key ids have the one form {@link KeyGenerator} gives them.
 */
public final class EntityIds {
    public static final int MAX_LENGTH = 64;
    public static final String RULE = "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'";

    public static final String KEY_ID_RULE = "must be '" + KeyGenerator.KEY_ID_PREFIX + "' followed by "
            + KeyGenerator.KEY_ID_RANDOM_LENGTH + " characters of a-z or 0-9";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");
    private static final Pattern KEY_ID = Pattern.compile(
            Pattern.quote(KeyGenerator.KEY_ID_PREFIX) + "[a-z0-9]{" + KeyGenerator.KEY_ID_RANDOM_LENGTH + "}");

    private EntityIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** Whether {@code keyId} could name a key; checked before any lookup so a bad id is a 400, not a 404. */
    public static boolean isValidKeyId(String keyId) {
        return keyId != null && KEY_ID.matcher(keyId).matches();
    }
}
