package io.keytrail.cli.client;

/** No HTTP answer came from the admin API: refused, unknown host, timed out, cut. Exit status 3. */
public final class UnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnreachableException(AdminEndpoint endpoint, String reason, Throwable cause) {
        super("cannot reach the admin API at " + endpoint.base() + " (from " + endpoint.source() + "): " + reason
                + hint(reason), cause);
    }

    private static String hint(String reason) {
        return reason.startsWith("connection refused")
                ? "; is it running? ./keytrail up starts it, --url or KEYTRAIL_ADMIN_URL point elsewhere"
                : "";
    }
}
