package io.keytrail.streams;

/**
 * A setting of audit-streams has a value it cannot run with. The message names the setting, the
 * problem and, when known, where the value came from, so an operator can fix it without a stack
 * trace.
 */
public final class SettingsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    SettingsException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    private SettingsException(String key, String message, SettingsException cause) {
        super(message, cause);
        this.key = key;
    }

    /** The setting's key as written in a config file, for example {@code streams.commit-interval-ms}. */
    public String key() {
        return key;
    }

    SettingsException from(String source) {
        return source == null ? this : new SettingsException(key, getMessage() + " (from " + source + ")", this);
    }
}
