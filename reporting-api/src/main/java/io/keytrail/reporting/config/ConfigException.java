package io.keytrail.reporting.config;

/**
 * A setting that cannot be used. The message always names the setting, so an operator can fix
 * the file or the environment variable without reading code.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String setting;

    private ConfigException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** A value that cannot be used, such as a port of 70000. */
    public static ConfigException invalid(String setting, String problem) {
        return new ConfigException(setting, "invalid setting " + setting + ": " + problem);
    }

    /** A problem that is not about one value, such as an unreadable file. */
    static ConfigException general(String what, String message) {
        return new ConfigException(what, message);
    }

    /** The same problem, with where the bad value came from. */
    ConfigException from(String origin) {
        return new ConfigException(setting, getMessage() + " (set by " + origin + ")");
    }

    /** The settings key, such as {@code http.port}. */
    public String setting() {
        return setting;
    }
}
