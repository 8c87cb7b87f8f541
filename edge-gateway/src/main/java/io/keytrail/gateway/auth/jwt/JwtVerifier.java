package io.keytrail.gateway.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.keytrail.gateway.config.JwtSettings;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The jwt policy of one API, apart from HTTP: finds the token among the values of the token header
 * and decides about it. Built once from the settings (the keys become one verifier each, bound to
 * the one algorithm its key type is for, so no key ever checks a signature of another family) and
 * shared by all requests, lock-free. A token that verified is remembered (see {@link VerifiedTokens}),
 * so the many requests of one client with one token pay for its signature once.
 */
public final class JwtVerifier {
    /** Far above any real token, far below the header limit: no parsing of megabytes of base64. */
    static final int MAX_TOKEN_LENGTH = 8 * 1024;
    /**
     * Developer ids go upstream in a header and into events: bounded, and printable ASCII, since a
     * header value is written one byte per character (U+010A would go out as a line feed).
     */
    static final int MAX_DEVELOPER_ID_LENGTH = 256;
    private static final String BEARER = "Bearer ";
    private static final JWSVerifier[] NONE = new JWSVerifier[0];

    private final HttpString header;
    private final boolean bearerScheme;
    private final boolean hideCredentials;
    private final Map<JWSAlgorithm, Candidates> keys;
    private final String issuer;
    private final Set<String> audiences;
    private final long skewMillis;
    private final boolean requireExp;
    private final String developerClaim;
    private final VerifiedTokens verified;

    /** The verifiers of one algorithm: by key id, those without an id (they match any), and all. */
    private record Candidates(Map<String, JWSVerifier[]> byKid, JWSVerifier[] withoutKid, JWSVerifier[] all) {
        JWSVerifier[] forKid(String kid) {
            return kid == null ? all : byKid.getOrDefault(kid, withoutKid);
        }
    }

    private JwtVerifier(JwtSettings settings, List<JWK> verificationKeys) {
        header = new HttpString(settings.header());
        bearerScheme = JwtSettings.DEFAULT_HEADER.equalsIgnoreCase(settings.header());
        hideCredentials = settings.hideCredentials();
        issuer = settings.issuer();
        audiences = settings.audiences().isEmpty() ? null : Set.copyOf(settings.audiences());
        skewMillis = settings.clockSkewSeconds() * 1_000L;
        requireExp = settings.requireExp();
        developerClaim = settings.developerClaim();
        verified = new VerifiedTokens(settings.tokenCacheSize());
        Map<JWSAlgorithm, List<JWK>> byAlgorithm = new HashMap<>();
        for (JWK key : verificationKeys) {
            byAlgorithm.computeIfAbsent(algorithmOf(key), algorithm -> new ArrayList<>()).add(key);
        }
        Map<JWSAlgorithm, Candidates> candidates = new HashMap<>();
        byAlgorithm.forEach((algorithm, list) -> {
            Map<String, JWSVerifier[]> byKid = new HashMap<>();
            List<JWSVerifier> withoutKid = new ArrayList<>();
            List<JWSVerifier> all = new ArrayList<>();
            for (JWK key : list) {
                JWSVerifier verifier = verifierOf(key);
                all.add(verifier);
                if (key.getKeyID() == null) {
                    withoutKid.add(verifier);
                } else {
                    byKid.put(key.getKeyID(), new JWSVerifier[] {verifier});
                }
            }
            candidates.put(algorithm, new Candidates(Map.copyOf(byKid), withoutKid.toArray(NONE), all.toArray(NONE)));
        });
        keys = Map.copyOf(candidates);
    }

    /** The verifier for an API's jwt settings (their keys were read with them); {@code null} when the policy is off. */
    public static JwtVerifier of(JwtSettings settings) {
        return settings.enabled() ? new JwtVerifier(settings, settings.verificationKeys()) : null;
    }

    /** The request header the token is read from. */
    public HttpString header() {
        return header;
    }

    public boolean hideCredentials() {
        return hideCredentials;
    }

    /** @param values the request's values of the token header, {@code null} when absent */
    public JwtResult verify(HeaderValues values, long nowMillis) {
        if (values == null || values.isEmpty() || values.getFirst().isEmpty()) {
            return JwtResult.MISSING;
        }
        // Two tokens: never guess which one was meant.
        String token = values.size() > 1 ? null : token(values.getFirst());
        return token == null ? JwtResult.MALFORMED : verifyToken(token, nowMillis);
    }

    /** The token of a header value: {@code Bearer <token>}, or on a custom header the value itself too. */
    private String token(String value) {
        String token;
        if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            token = value.substring(BEARER.length()).strip();
        } else if (bearerScheme) {
            return null;
        } else {
            token = value.strip();
        }
        return wellFormed(token) ? token : null;
    }

    /** Three non-empty base64url parts, of a sane length: the only shape a signed JWT has. */
    static boolean wellFormed(String token) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        int dots = 0;
        char previous = '.';
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (previous == '.' || ++dots > 2) {
                    return false;
                }
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_')) {
                return false;
            }
            previous = c;
        }
        return dots == 2 && previous != '.';
    }

    /** The decision about one well-formed token. */
    JwtResult verifyToken(String token, long nowMillis) {
        TokenClaims known = verified.find(token);
        if (known != null) {
            return known.judge(nowMillis);
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            // alg "none" lands here too: its header is not a JWS header.
            return JwtResult.MALFORMED;
        }
        JWSHeader header = jwt.getHeader();
        Candidates candidates = keys.get(header.getAlgorithm());
        if (candidates == null) {
            return JwtResult.ALGORITHM_NOT_ALLOWED;
        }
        JWSVerifier[] verifiers = candidates.forKid(header.getKeyID());
        if (verifiers.length == 0) {
            return JwtResult.UNKNOWN_KEY;
        }
        if (!signedByOneOf(jwt, verifiers)) {
            return JwtResult.BAD_SIGNATURE;
        }
        // Parsed once; the raw JSON, not the claims set, says whether the developer claim is a
        // string, since the library turns a numeric sub into one.
        Map<String, Object> json = jwt.getPayload().toJSONObject();
        JWTClaimsSet claims;
        try {
            claims = json == null ? null : JWTClaimsSet.parse(json);
        } catch (ParseException e) {
            claims = null;
        }
        if (claims == null) {
            return JwtResult.MALFORMED;
        }
        TokenClaims summary = summarize(json.get(developerClaim), claims);
        verified.remember(token, summary);
        return summary.judge(nowMillis);
    }

    /** What was remembered of {@code token} when it verified; {@code null} when nothing is. */
    TokenClaims remembered(String token) {
        return verified.find(token);
    }

    private static boolean signedByOneOf(SignedJWT jwt, JWSVerifier[] verifiers) {
        for (JWSVerifier verifier : verifiers) {
            try {
                if (jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException e) {
                // A signature this key cannot check (wrong length, critical headers): not verified by it.
            }
        }
        return false;
    }

    /** The claims the decision needs; the skew widens every time window, in the token's favour. */
    private TokenClaims summarize(Object developerClaimValue, JWTClaimsSet claims) {
        Date exp = claims.getExpirationTime();
        Date nbf = claims.getNotBeforeTime();
        Date iat = claims.getIssueTime();
        JwtProblem fixed = null;
        if (exp == null && requireExp) {
            fixed = JwtProblem.EXPIRATION_MISSING;
        } else if (issuer != null && !issuer.equals(claims.getIssuer())) {
            fixed = JwtProblem.WRONG_ISSUER;
        } else if (audiences != null && claims.getAudience().stream().noneMatch(audiences::contains)) {
            fixed = JwtProblem.WRONG_AUDIENCE;
        }
        return TokenClaims.of(developer(developerClaimValue), fixed,
                exp == null ? Long.MAX_VALUE : saturatedAdd(exp.getTime(), skewMillis),
                nbf == null ? Long.MIN_VALUE : saturatedAdd(nbf.getTime(), -skewMillis),
                iat == null ? Long.MIN_VALUE : saturatedAdd(iat.getTime(), -skewMillis));
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        // Overflow only when both have the same sign and the sum has the other.
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }

    private static String developer(Object claim) {
        if (!(claim instanceof String id) || id.isEmpty() || id.length() > MAX_DEVELOPER_ID_LENGTH) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return null;
            }
        }
        return id;
    }

    private static JWSAlgorithm algorithmOf(JWK key) {
        if (key instanceof RSAKey) {
            return JWSAlgorithm.RS256;
        }
        return key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.HS256;
    }

    private static JWSVerifier verifierOf(JWK key) {
        try {
            if (key instanceof RSAKey rsa) {
                return new RSASSAVerifier(rsa);
            }
            if (key instanceof ECKey ec) {
                return new ECDSAVerifier(ec);
            }
            return new MACVerifier((OctetSequenceKey) key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("jwt key " + key.getKeyID() + " cannot verify signatures: "
                    + e.getMessage(), e);
        }
    }
}
