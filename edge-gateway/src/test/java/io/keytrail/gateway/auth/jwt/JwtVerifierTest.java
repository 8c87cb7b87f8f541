package io.keytrail.gateway.auth.jwt;

import static io.keytrail.gateway.auth.jwt.TestTokens.NOW;
import static io.keytrail.gateway.auth.jwt.TestTokens.claims;
import static io.keytrail.gateway.auth.jwt.TestTokens.es256;
import static io.keytrail.gateway.auth.jwt.TestTokens.hs256;
import static io.keytrail.gateway.auth.jwt.TestTokens.rs256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.keytrail.gateway.config.JwtKeySettings;
import io.keytrail.gateway.config.JwtSettings;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jwt policy's decision apart from HTTP, one {@link JwtProblem} at a time, so that each refusal
 * is shown to happen for its own reason and not for an earlier one.
 */
class JwtVerifierTest {
    static final long T = NOW.toEpochMilli();
    static KeyPair rsa1;
    static KeyPair rsa2;
    static KeyPair ec;
    static byte[] secret;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() {
        rsa1 = TestTokens.rsa(2048);
        rsa2 = TestTokens.rsa(2048);
        ec = TestTokens.ec("secp256r1");
        secret = TestTokens.secret(32);
    }

    /** RSA k1 and k2 and EC e1 in a JWKS file, the HMAC secret inline (kid h1); default options. */
    private JwtVerifier verifier() throws Exception {
        return verifier(null, null, null, null, null, null);
    }

    private JwtVerifier verifier(List<String> algorithms, String issuer, List<String> audiences, Integer skew,
            Boolean requireExp, String developerClaim) throws Exception {
        Path jwks = TestTokens.jwks(dir.resolve("jwks.json"),
                List.of(TestTokens.jwk(rsa1, "k1"), TestTokens.jwk(rsa2, "k2"), TestTokens.jwk(ec, "e1")));
        Path secretFile = TestTokens.write(dir.resolve("secret"), new String(secret, StandardCharsets.US_ASCII) + "\n");
        return JwtVerifier.of(new JwtSettings(true, null, algorithms, jwks.toString(),
                List.of(new JwtKeySettings("h1", null, null, null, secretFile.toString())), issuer, audiences, skew,
                requireExp, developerClaim, null));
    }

    private static JwtResult bearer(JwtVerifier verifier, String token, long now) {
        return verifier.verify(header("Bearer " + token), now);
    }

    private static HeaderValues header(String... values) {
        HeaderMap headers = new HeaderMap();
        for (String value : values) {
            headers.add(new HttpString("Authorization"), value);
        }
        return headers.get("Authorization");
    }

    private static JWTClaimsSet alice() {
        return claims("alice", NOW).build();
    }

    @Test
    void eachAlgorithmVerifiesWithItsOwnKeyAndNamesTheDeveloper() throws Exception {
        JwtVerifier verifier = verifier();
        for (String token : List.of(rs256(rsa1, "k1", alice()), rs256(rsa2, "k2", alice()), es256(ec, "e1", alice()),
                hs256(secret, "h1", alice()))) {
            JwtResult result = bearer(verifier, token, T);
            assertTrue(result.valid(), () -> "refused: " + result);
            assertEquals("alice", result.developerId());
        }
    }

    @Test
    void theKidPicksTheKeyAndATokenWithoutKidIsTriedAgainstEveryKeyOfItsAlgorithm() throws Exception {
        JwtVerifier verifier = verifier();
        assertEquals(JwtProblem.BAD_SIGNATURE, bearer(verifier, rs256(rsa2, "k1", alice()), T).problem(),
                "k1's key checks the signature, not any key that happens to fit");
        assertEquals(JwtProblem.UNKNOWN_KEY, bearer(verifier, rs256(rsa1, "k9", alice()), T).problem());
        assertEquals(JwtProblem.UNKNOWN_KEY, bearer(verifier, es256(ec, "k1", alice()), T).problem(),
                "k1 is an RSA key: an ES256 token naming it finds no key");
        assertTrue(bearer(verifier, rs256(rsa2, null, alice()), T).valid());
        assertTrue(bearer(verifier, es256(ec, null, alice()), T).valid());
    }

    @Test
    void aKeyWithoutKidMatchesTokensWithAnyKid() throws Exception {
        JwtVerifier verifier = JwtVerifier.of(new JwtSettings(true, null, null, null,
                List.of(new JwtKeySettings(null, TestTokens.publicPem(rsa1), null, null, null)),
                null, null, null, null, null, null));
        assertTrue(bearer(verifier, rs256(rsa1, "rotated-2026", alice()), T).valid());
        assertTrue(bearer(verifier, rs256(rsa1, null, alice()), T).valid());
        assertEquals(JwtProblem.BAD_SIGNATURE, bearer(verifier, rs256(rsa2, "rotated-2026", alice()), T).problem());
    }

    @Test
    void algorithmsOutsideTheListAndOtherFamiliesAreRefused() throws Exception {
        JwtVerifier rsOnly = verifier(List.of("RS256"), null, null, null, null, null);
        assertTrue(bearer(rsOnly, rs256(rsa1, "k1", alice()), T).valid());
        assertEquals(JwtProblem.ALGORITHM_NOT_ALLOWED, bearer(rsOnly, es256(ec, "e1", alice()), T).problem());
        assertEquals(JwtProblem.ALGORITHM_NOT_ALLOWED, bearer(rsOnly, hs256(secret, "h1", alice()), T).problem());
        String rs384 = TestTokens.sign(JWSAlgorithm.RS384, "k1", alice(), new RSASSASigner(rsa1.getPrivate()));
        assertEquals(JwtProblem.ALGORITHM_NOT_ALLOWED, bearer(verifier(), rs384, T).problem());
        String ps256 = TestTokens.sign(JWSAlgorithm.PS256, "k1", alice(), new RSASSASigner(rsa1.getPrivate()));
        assertEquals(JwtProblem.ALGORITHM_NOT_ALLOWED, bearer(verifier(), ps256, T).problem());
    }

    @Test
    void anHs256TokenKeyedWithTheRsaPublicKeyIsRefused() throws Exception {
        // The classic confusion: the attacker knows the public key and uses its bytes as the HMAC secret.
        for (byte[] publicBytes : List.of(rsa1.getPublic().getEncoded(),
                TestTokens.publicPem(rsa1).getBytes(StandardCharsets.US_ASCII))) {
            String forged = TestTokens.sign(JWSAlgorithm.HS256, "k1", alice(), new MACSigner(publicBytes));
            assertEquals(JwtProblem.UNKNOWN_KEY, bearer(verifier(), forged, T).problem(),
                    "k1 is an RSA key: an HS256 token naming it finds no key");
            for (String kid : java.util.Arrays.asList(null, "h1")) {
                String guess = TestTokens.sign(JWSAlgorithm.HS256, kid, alice(), new MACSigner(publicBytes));
                assertEquals(JwtProblem.BAD_SIGNATURE, bearer(verifier(), guess, T).problem(),
                        "with an HMAC key configured, only that secret checks HS256");
            }
            JwtVerifier rsaKeysOnly = JwtVerifier.of(new JwtSettings(true, null, null, null,
                    List.of(new JwtKeySettings("k1", TestTokens.publicPem(rsa1), null, null, null)),
                    null, null, null, null, null, null));
            assertEquals(JwtProblem.ALGORITHM_NOT_ALLOWED, bearer(rsaKeysOnly, forged, T).problem(),
                    "without an HMAC key no HS256 token is even checked");
        }
    }

    @Test
    void unsignedTokensAreNeverAccepted() throws Exception {
        JwtVerifier verifier = verifier();
        assertEquals(JwtProblem.MALFORMED, bearer(verifier, TestTokens.unsigned(alice(), ""), T).problem());
        assertEquals(JwtProblem.MALFORMED, bearer(verifier, TestTokens.unsigned(alice(), "c2ln"), T).problem());
    }

    @Test
    void aTamperedTokenFailsItsSignature() throws Exception {
        String token = rs256(rsa1, "k1", alice());
        String[] parts = token.split("\\.");
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims("admin", NOW).build().toString().getBytes(StandardCharsets.UTF_8));
        JwtResult result = bearer(verifier(), parts[0] + "." + payload + "." + parts[2], T);
        assertEquals(JwtProblem.BAD_SIGNATURE, result.problem());
        assertNull(result.developerId(), "claims of an unverified token are never believed");
    }

    @Test
    void theHeaderMustHoldExactlyOneBearerTokenOfSaneShape() throws Exception {
        JwtVerifier verifier = verifier();
        String token = rs256(rsa1, "k1", alice());
        assertEquals(JwtProblem.MISSING, verifier.verify(null, T).problem());
        assertFalse(verifier.verify(null, T).presented());
        assertEquals(JwtProblem.MISSING, verifier.verify(header(""), T).problem());
        assertEquals(JwtProblem.MALFORMED, verifier.verify(header("Bearer " + token, "Bearer " + token), T).problem());
        assertEquals(JwtProblem.MALFORMED, verifier.verify(header(token), T).problem(), "no scheme");
        assertEquals(JwtProblem.MALFORMED, verifier.verify(header("Basic " + token), T).problem());
        assertEquals(JwtProblem.MALFORMED, verifier.verify(header("Bearer "), T).problem());
        assertTrue(verifier.verify(header("bearer " + token), T).valid(), "the scheme is case-insensitive");
        for (String garbage : List.of("abc", "a.b", "a..c", "a.b.c.d.e", "a.b.c", "éé.b.c", "a.b.c=",
                token + "x".repeat(JwtVerifier.MAX_TOKEN_LENGTH))) {
            JwtResult result = bearer(verifier, garbage, T);
            assertEquals(JwtProblem.MALFORMED, result.problem(), garbage);
            assertTrue(result.presented());
        }
    }

    @Test
    void aCustomHeaderTakesTheTokenWithOrWithoutTheScheme() throws Exception {
        JwtVerifier verifier = JwtVerifier.of(new JwtSettings(true, "X-Jwt", null, null,
                List.of(new JwtKeySettings("k1", TestTokens.publicPem(rsa1), null, null, null)),
                null, null, null, null, null, false));
        assertEquals(new HttpString("X-Jwt"), verifier.header());
        assertFalse(verifier.hideCredentials());
        String token = rs256(rsa1, "k1", alice());
        HeaderMap headers = new HeaderMap();
        headers.add(new HttpString("X-Jwt"), token);
        assertTrue(verifier.verify(headers.get("X-Jwt"), T).valid());
        headers.put(new HttpString("X-Jwt"), "Bearer " + token);
        assertTrue(verifier.verify(headers.get("X-Jwt"), T).valid());
    }

    @Test
    void expiryHonoursTheSkewToTheMillisecond() throws Exception {
        JwtVerifier verifier = verifier();
        String token = rs256(rsa1, "k1", claims("alice", NOW.minusSeconds(60)).expirationTime(Date.from(NOW)).build());
        JwtResult inside = bearer(verifier, token, T + 59_999);
        assertTrue(inside.valid(), () -> "just inside the 60 s skew: " + inside);
        JwtResult expired = bearer(verifier, token, T + 60_000);
        assertEquals(JwtProblem.EXPIRED, expired.problem(), "just outside");
        assertEquals("alice", expired.developerId(), "a verified token still says whose it was");

        JwtVerifier strict = verifier(null, null, null, 0, null, null);
        assertTrue(bearer(strict, token, T - 1).valid());
        assertEquals(JwtProblem.EXPIRED, bearer(strict, token, T).problem(), "exp is the first instant it is invalid");
    }

    @Test
    void notBeforeAndIssuedAtInTheFutureHonourTheSkew() throws Exception {
        JwtVerifier verifier = verifier();
        Instant later = NOW.plusSeconds(120);
        String notYet = rs256(rsa1, "k1", claims("alice", NOW).notBeforeTime(Date.from(later))
                .expirationTime(Date.from(later.plusSeconds(300))).build());
        assertTrue(bearer(verifier, notYet, later.toEpochMilli() - 60_000).valid(), "just inside");
        assertEquals(JwtProblem.NOT_YET_VALID, bearer(verifier, notYet, later.toEpochMilli() - 60_001).problem());

        String issuedLater = rs256(rsa1, "k1", claims("alice", later).build());
        assertTrue(bearer(verifier, issuedLater, later.toEpochMilli() - 60_000).valid());
        assertEquals(JwtProblem.ISSUED_IN_FUTURE, bearer(verifier, issuedLater, later.toEpochMilli() - 60_001).problem());
    }

    @Test
    void expIsRequiredUnlessTurnedOff() throws Exception {
        String noExp = rs256(rsa1, "k1", new JWTClaimsSet.Builder().subject("alice").build());
        assertEquals(JwtProblem.EXPIRATION_MISSING, bearer(verifier(), noExp, T).problem());
        assertTrue(bearer(verifier(null, null, null, null, false, null), noExp, T).valid());
    }

    @Test
    void issuerAndAudienceMustMatchWhenConfigured() throws Exception {
        JwtVerifier verifier = verifier(null, "https://idp.example.com/", List.of("orders-api", "billing-api"),
                null, null, null);
        String right = rs256(rsa1, "k1", claims("alice", NOW).issuer("https://idp.example.com/")
                .audience(List.of("other", "billing-api")).build());
        assertTrue(bearer(verifier, right, T).valid());
        String single = rs256(rsa1, "k1", claims("alice", NOW).issuer("https://idp.example.com/").audience("orders-api").build());
        assertTrue(bearer(verifier, single, T).valid());
        assertEquals(JwtProblem.WRONG_ISSUER, bearer(verifier, rs256(rsa1, "k1", claims("alice", NOW)
                .issuer("https://evil.example.com/").audience("orders-api").build()), T).problem());
        assertEquals(JwtProblem.WRONG_ISSUER, bearer(verifier, rs256(rsa1, "k1", claims("alice", NOW)
                .audience("orders-api").build()), T).problem(), "a missing iss is not the configured one");
        assertEquals(JwtProblem.WRONG_AUDIENCE, bearer(verifier, rs256(rsa1, "k1", claims("alice", NOW)
                .issuer("https://idp.example.com/").audience(List.of("other", "another")).build()), T).problem());
        assertEquals(JwtProblem.WRONG_AUDIENCE, bearer(verifier, rs256(rsa1, "k1", claims("alice", NOW)
                .issuer("https://idp.example.com/").build()), T).problem(), "no aud at all");
        assertTrue(bearer(verifier(), rs256(rsa1, "k1", alice()), T).valid(), "unconfigured: anything goes");
    }

    @Test
    void aVerifiedTokenIsRememberedAndStillJudgedOnTheClock() throws Exception {
        JwtVerifier verifier = verifier(null, "https://idp.example.com/", null, null, null, null);
        String token = es256(ec, "e1", claims("alice", NOW).issuer("https://idp.example.com/").build());
        assertTrue(bearer(verifier, token, T).valid());
        assertNotNull(verifier.remembered(token));
        assertTrue(bearer(verifier, token, T + 1_000).valid());
        assertEquals(JwtProblem.EXPIRED, bearer(verifier, token, T + 360_000).problem(), "remembered, still expires");

        String wrongIssuer = es256(ec, "e1", claims("alice", NOW).issuer("https://other/").build());
        assertEquals(JwtProblem.WRONG_ISSUER, bearer(verifier, wrongIssuer, T).problem());
        assertEquals(JwtProblem.WRONG_ISSUER, bearer(verifier, wrongIssuer, T).problem(), "and again from memory");

        String forged = es256(TestTokens.ec("secp256r1"), "e1", claims("alice", NOW).build());
        assertEquals(JwtProblem.BAD_SIGNATURE, bearer(verifier, forged, T).problem());
        assertNull(verifier.remembered(forged), "only verified tokens are remembered");
        assertNull(verifier.remembered(token + "x"));
    }

    @Test
    void withoutTheCacheEveryTokenIsCheckedInFull() throws Exception {
        Path jwks = TestTokens.jwks(dir.resolve("jwks.json"), List.of(TestTokens.jwk(rsa1, "k1")));
        JwtVerifier verifier = JwtVerifier.of(new JwtSettings(true, null, null, jwks.toString(), null, null, null,
                null, null, null, null, 0));
        String token = rs256(rsa1, "k1", alice());
        assertTrue(bearer(verifier, token, T).valid());
        assertTrue(bearer(verifier, token, T).valid());
        assertNull(verifier.remembered(token));
    }

    @Test
    void theDeveloperClaimMustBePrintableAscii() throws Exception {
        JwtVerifier verifier = verifier();
        for (JWTClaimsSet claims : List.of(
                claims("alice", NOW).subject(null).build(),
                claims("alice", NOW).subject("").build(),
                claims("alice", NOW).subject(null).claim("sub", 42).build(),
                claims("alice", NOW).subject("ali\r\nX-Evil: 1").build(),
                claims("alice", NOW).subject("ali\u010aX-Evil: 1").build(),
                claims("alice", NOW).subject("Jos\u00e9").build(),
                claims("alice", NOW).subject("a".repeat(JwtVerifier.MAX_DEVELOPER_ID_LENGTH + 1)).build())) {
            JwtResult result = bearer(verifier, rs256(rsa1, "k1", claims), T);
            assertEquals(JwtProblem.DEVELOPER_CLAIM, result.problem(), claims::toString);
            assertNull(result.developerId());
        }
        JwtVerifier custom = verifier(null, null, null, null, null, "https://keytrail.io/developer");
        assertEquals("dev-42", bearer(custom, rs256(rsa1, "k1", claims("alice", NOW)
                .claim("https://keytrail.io/developer", "dev-42").build()), T).developerId());
        assertEquals(JwtProblem.DEVELOPER_CLAIM, bearer(custom, rs256(rsa1, "k1", claims("alice", NOW)
                .claim("https://keytrail.io/developer", 42).build()), T).problem(), "a number is not a developer id");
        assertEquals(JwtProblem.DEVELOPER_CLAIM, bearer(custom, rs256(rsa1, "k1", alice()), T).problem());
    }

    @Test
    void claimsOfTheWrongTypeAndUnknownCriticalHeadersAreRefused() throws Exception {
        JwtVerifier verifier = verifier();
        // Signed correctly, but exp is a string: the claims cannot be read, so the token is not accepted.
        String signingInput = base64url("{\"alg\":\"HS256\",\"kid\":\"h1\"}") + "."
                + base64url("{\"sub\":\"alice\",\"exp\":\"tomorrow\"}");
        String stringExp = signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                hmac(secret, signingInput));
        assertEquals(JwtProblem.MALFORMED, bearer(verifier, stringExp, T).problem());

        SignedJWT critical = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1")
                .criticalParams(Set.of("exotic")).customParam("exotic", true).build(), alice());
        critical.sign(new RSASSASigner(rsa1.getPrivate()));
        assertEquals(JwtProblem.BAD_SIGNATURE, bearer(verifier, critical.serialize(), T).problem());
    }

    private static String base64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, String input) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    }
}
