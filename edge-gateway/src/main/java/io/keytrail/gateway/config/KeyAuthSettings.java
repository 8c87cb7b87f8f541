package io.keytrail.gateway.config;

/**
 * The key-auth policy of one API: where the key may be presented and what happens to it.
 *
 * @param header           the request header holding the key; {@code null} takes the gateway default
 * @param inHeader         read the key from {@code header} (on unless the key is only taken elsewhere)
 * @param queryParam       a query parameter holding the key; {@code null} means the query is not read
 * @param bodyField        a top-level field of a JSON body or a field of a form body holding the key;
 *                         {@code null} means the body is not read
 * @param maxBodyReadBytes how much of a body the gateway reads looking for {@code bodyField}; larger
 *                         bodies are refused 413, since the key could sit anywhere in them
 * @param hideCredentials  remove the key from the request (header, query or body) before it goes upstream
 */
public record KeyAuthSettings(boolean enabled, String header, Boolean inHeader, String queryParam, String bodyField,
        Integer maxBodyReadBytes, Boolean hideCredentials) {
    public static final int DEFAULT_MAX_BODY_READ_BYTES = 1024 * 1024;
    static final int MAX_BODY_READ_BYTES_LIMIT = 64 * 1024 * 1024;

    public KeyAuthSettings {
        if (header != null) {
            Checks.headerName("header", header);
        }
        inHeader = inHeader == null ? Boolean.TRUE : inHeader;
        if (queryParam != null) {
            Checks.fieldName("query-param", queryParam);
        }
        if (bodyField != null) {
            Checks.fieldName("body-field", bodyField);
        }
        maxBodyReadBytes = maxBodyReadBytes == null ? DEFAULT_MAX_BODY_READ_BYTES : maxBodyReadBytes;
        if (maxBodyReadBytes < 1 || maxBodyReadBytes > MAX_BODY_READ_BYTES_LIMIT) {
            throw new ConfigException("max-body-read-bytes",
                    "must be between 1 and " + MAX_BODY_READ_BYTES_LIMIT + ", got " + maxBodyReadBytes);
        }
        if (enabled && !inHeader && queryParam == null && bodyField == null) {
            throw new ConfigException("in-header",
                    "is false and neither query-param nor body-field is set: the key could not be presented anywhere");
        }
        hideCredentials = hideCredentials == null ? Boolean.TRUE : hideCredentials;
    }

    /** The key in a header only. */
    public KeyAuthSettings(boolean enabled, String header, Boolean hideCredentials) {
        this(enabled, header, null, null, null, null, hideCredentials);
    }

    public static KeyAuthSettings disabled() {
        return new KeyAuthSettings(false, null, true);
    }
}
