package io.keytrail.gateway.auth.jwt;

/**
 * Why a token was refused. All of them are {@code JWT_INVALID} to the client and in the audit
 * event; the distinction is for tests and operators, and never carries any part of the token.
 */
public enum JwtProblem {
    /** No token header, or an empty one. */
    MISSING,
    /** Two token headers, another scheme than Bearer, an oversized token, or not a signed JWT at all. */
    MALFORMED,
    /** A signature algorithm the policy does not allow, {@code none} included. */
    ALGORITHM_NOT_ALLOWED,
    /** No configured key for the token's algorithm and {@code kid}. */
    UNKNOWN_KEY,
    BAD_SIGNATURE,
    /** The developer claim is missing, not a string, empty, too long, or not printable ASCII. */
    DEVELOPER_CLAIM,
    /** No {@code exp} while {@code require-exp} is on. */
    EXPIRATION_MISSING,
    EXPIRED,
    /** {@code nbf} still ahead, beyond the clock skew. */
    NOT_YET_VALID,
    /** {@code iat} ahead of now, beyond the clock skew. */
    ISSUED_IN_FUTURE,
    WRONG_ISSUER,
    WRONG_AUDIENCE
}
