package io.keytrail.cli.api;

import io.keytrail.cli.args.UsageException;
import java.util.regex.Pattern;

/** The id rules of the admin API, checked before a request so that a typo is a usage error. */
public final class Ids {
    private static final Pattern ENTITY = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern KEY = Pattern.compile("key_[a-z0-9]{16}");

    private Ids() {
    }

    /** A project, developer or API id: 1 to 64 of {@code A-Z a-z 0-9 . _ -}. */
    public static String entity(String what, String id) {
        if (id == null || !ENTITY.matcher(id).matches()) {
            throw new UsageException(what + " '" + id + "' is not valid: 1 to 64 characters of A-Z a-z 0-9 . _ -");
        }
        return id;
    }

    /** A key id: {@code key_} and 16 of {@code a-z 0-9}. */
    public static String key(String id) {
        if (id == null || !KEY.matcher(id).matches()) {
            throw new UsageException("'" + id + "' is not a key id (key_ followed by 16 of a-z 0-9)");
        }
        return id;
    }
}
