package io.keytrail.gateway.auth.jwt;

/**
 * What a token whose signature verified says, reduced to what the policy decides on, the clock skew
 * already applied. Kept by {@link VerifiedTokens}, so the same token is judged again on the clock
 * alone, without parsing it or checking its signature.
 *
 * @param developerId  the developer claim, {@code null} when it is not a usable developer id
 * @param fixedProblem the verdict that does not depend on time: {@code EXPIRATION_MISSING},
 *                     {@code WRONG_ISSUER}, {@code WRONG_AUDIENCE}, or {@code null}
 * @param expiresAt    the first instant (ms) the token is expired, skew included
 * @param validFrom    the first instant (ms) {@code nbf} allows, skew included
 * @param issuedBy     the first instant (ms) {@code iat} is not in the future, skew included
 * @param success      the result to hand out while the token is valid, made once
 */
record TokenClaims(String developerId, JwtProblem fixedProblem, long expiresAt, long validFrom, long issuedBy,
        JwtResult success) {

    static TokenClaims of(String developerId, JwtProblem fixedProblem, long expiresAt, long validFrom, long issuedBy) {
        return new TokenClaims(developerId, fixedProblem, expiresAt, validFrom, issuedBy,
                developerId == null ? JwtResult.DEVELOPER_CLAIM : new JwtResult(null, developerId));
    }

    /** The decision at {@code now}: developer claim, then exp, nbf, iat, then issuer and audience. */
    JwtResult judge(long now) {
        if (developerId == null) {
            return JwtResult.DEVELOPER_CLAIM;
        }
        JwtProblem problem;
        if (fixedProblem == JwtProblem.EXPIRATION_MISSING) {
            problem = fixedProblem;
        } else if (now >= expiresAt) {
            problem = JwtProblem.EXPIRED;
        } else if (now < validFrom) {
            problem = JwtProblem.NOT_YET_VALID;
        } else if (now < issuedBy) {
            problem = JwtProblem.ISSUED_IN_FUTURE;
        } else {
            problem = fixedProblem;
        }
        return problem == null ? success : new JwtResult(problem, developerId);
    }
}
