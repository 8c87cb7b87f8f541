package io.keytrail.reporting.admin;

import java.util.regex.Pattern;

/**
 * The rule for project and developer ids: short, plain and safe in URLs, topic keys and log lines.
 */
public final class EntityIds {
    public static final int MAX_LENGTH = 64;
    public static final String RULE = "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private EntityIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
