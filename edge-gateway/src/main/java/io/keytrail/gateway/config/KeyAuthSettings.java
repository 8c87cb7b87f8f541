package io.keytrail.gateway.config;

/**
 * The key-auth policy of one API.
 *
 * @param header          the request header holding the key; {@code null} takes the gateway default
 * @param hideCredentials remove the key from the request before it goes upstream
 */
public record KeyAuthSettings(boolean enabled, String header, Boolean hideCredentials) {
    public KeyAuthSettings {
        if (header != null) {
            Checks.headerName("header", header);
        }
        hideCredentials = hideCredentials == null ? Boolean.TRUE : hideCredentials;
    }

    public static KeyAuthSettings disabled() {
        return new KeyAuthSettings(false, null, true);
    }
}
