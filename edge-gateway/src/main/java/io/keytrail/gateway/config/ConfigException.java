package io.keytrail.gateway.config;

/** A configuration value that cannot be used; the message names the field. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String field, String problem) {
        super(field + ": " + problem);
    }

    ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
