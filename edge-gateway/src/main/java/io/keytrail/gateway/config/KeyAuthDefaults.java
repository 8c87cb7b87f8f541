package io.keytrail.gateway.config;

/**
 * Gateway-wide key-auth defaults that each API's policy may override.
 *
 * @param header the header APIs read the key from unless they name another; the seed policy's
 *               {@code x-apim-key} unless {@code KEYTRAIL_KEY_HEADER} says otherwise
 */
public record KeyAuthDefaults(String header) {
    public static final String DEFAULT_HEADER = "x-apim-key";

    public KeyAuthDefaults {
        header = header == null || header.isBlank() ? DEFAULT_HEADER : header.trim();
        Checks.headerName("header", header);
    }
}
