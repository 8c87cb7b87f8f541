package io.keytrail.gateway.auth.jwt;

/**
 * What the jwt policy found in one request.
 *
 * @param problem     {@code null} when the token is valid
 * @param developerId the developer the token names: always on success; on failure only when the
 *                    signature verified (an expired token still says whose it was), else {@code null}
 */
public record JwtResult(JwtProblem problem, String developerId) {
    static final JwtResult MISSING = new JwtResult(JwtProblem.MISSING, null);
    static final JwtResult MALFORMED = new JwtResult(JwtProblem.MALFORMED, null);
    static final JwtResult ALGORITHM_NOT_ALLOWED = new JwtResult(JwtProblem.ALGORITHM_NOT_ALLOWED, null);
    static final JwtResult UNKNOWN_KEY = new JwtResult(JwtProblem.UNKNOWN_KEY, null);
    static final JwtResult BAD_SIGNATURE = new JwtResult(JwtProblem.BAD_SIGNATURE, null);
    static final JwtResult DEVELOPER_CLAIM = new JwtResult(JwtProblem.DEVELOPER_CLAIM, null);

    public boolean valid() {
        return problem == null;
    }

    /** Whether the request carried a token at all, valid or not. */
    public boolean presented() {
        return problem != JwtProblem.MISSING;
    }
}
