package io.keytrail.gateway.auth.jwt;

import static io.keytrail.gateway.auth.jwt.TestTokens.NOW;
import static io.keytrail.gateway.auth.jwt.TestTokens.claims;
import static io.keytrail.gateway.auth.jwt.TestTokens.es256;
import static io.keytrail.gateway.auth.jwt.TestTokens.hs256;
import static io.keytrail.gateway.auth.jwt.TestTokens.rs256;
import static io.keytrail.gateway.support.TestGateway.api;
import static io.keytrail.gateway.support.TestGateway.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthEventType;
import io.keytrail.events.AuthMethod;
import io.keytrail.events.CredentialLocation;
import io.keytrail.events.FailureReason;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.gateway.StubUpstream;
import io.keytrail.gateway.config.ApiSettings;
import io.keytrail.gateway.config.JwtKeySettings;
import io.keytrail.gateway.config.JwtSettings;
import io.keytrail.gateway.config.KeyAuthSettings;
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.protect.ClientProtection;
import io.keytrail.gateway.protect.FailedAuthLimiter;
import io.keytrail.gateway.protect.TrustedProxies;
import io.keytrail.gateway.proxy.UpstreamProxies;
import io.keytrail.gateway.route.ResolvedApi;
import io.keytrail.gateway.support.TestGateway;
import io.keytrail.gateway.support.TestClock;
import io.undertow.util.HttpString;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jwt policy on the whole request path against a real in-process gateway and stub upstream:
 * what the client gets, what the upstream receives, and the one audit event of each request.
 */
class JwtPolicyTest {
    static final String EXACT_401 = "{\"message\":\"Invalid authentication credentials\",\"status\":401}";
    static final String INVALID_TOKEN = "Bearer realm=\"keytrail\", error=\"invalid_token\"";
    static final String ALICE_KEY = "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z";
    static final String BOB_KEY = "B0bB0bB0bB0bB0bB0bB0bB0bB0bB0b12";
    static KeyPair rsa;
    static KeyPair otherRsa;
    static KeyPair ec;
    static byte[] secret;

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(NOW);
    private TestGateway gateway;
    private StubUpstream upstream;

    @BeforeAll
    static void keys() {
        rsa = TestTokens.rsa(2048);
        otherRsa = TestTokens.rsa(2048);
        ec = TestTokens.ec("secp256r1");
        secret = TestTokens.secret(40);
    }

    @BeforeEach
    void start() throws Exception {
        gateway = gateway(null);
        upstream = gateway.upstream;
    }

    /**
     * /jwt: jwt only, keys from a JWKS file (RSA k1, EC e1); /hs: jwt only, an HMAC secret file,
     * token kept for the upstream; /both: key-auth and jwt; /strict: issuer and audience required.
     */
    private TestGateway gateway(ClientProtection protection) throws Exception {
        KeyRegistry registry = new KeyRegistry();
        registry.apply(key("key_alice", ALICE_KEY, "alice"));
        registry.apply(key("key_bob", BOB_KEY, "bob"));
        String jwks = TestTokens.jwks(dir.resolve("jwks.json"),
                List.of(TestTokens.jwk(rsa, "k1"), TestTokens.jwk(ec, "e1"))).toString();
        String secretFile = TestTokens.write(dir.resolve("hs.secret"), new String(secret, StandardCharsets.US_ASCII))
                .toString();
        JwtSettings fromJwks = new JwtSettings(null, null, null, jwks, null, null, null, null, null, null, null);
        JwtSettings hmac = new JwtSettings(null, null, List.of("HS256"), null,
                List.of(new JwtKeySettings(null, null, null, null, secretFile)), null, null, null, null, null, false);
        JwtSettings strict = new JwtSettings(null, null, null, jwks, null, "https://idp.example.com/",
                List.of("orders"), null, null, null, null);
        return new TestGateway(stub -> List.of(
                api("jwt", "/jwt", URI.create(stub.url()), false, fromJwks),
                api("hs", "/hs", URI.create(stub.url()), false, hmac),
                api("both", "/both", URI.create(stub.url()), true, fromJwks),
                api("strict", "/strict", URI.create(stub.url()), false, strict),
                api("open", "/open", URI.create(stub.url()), false)),
                registry, clock, protection, 1);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aValidTokenIsTheIdentityOnAnApiWithJwtAlone() throws Exception {
        String token = rs256(rsa, "k1", claims("alice", NOW).build());
        HttpResponse<String> response = gateway.send(gateway.get("/jwt/orders").header("Authorization", "Bearer " + token)
                .header("X-Consumer-Developer", "mallory"));
        assertEquals(200, response.statusCode());
        StubUpstream.Seen seen = upstream.seen.poll();
        assertNotNull(seen);
        assertEquals("alice", seen.headers().get("X-Consumer-Developer"));
        assertNull(seen.headers().get("Authorization"), "hide-credentials is on by default");
        assertNull(seen.headers().get("X-Key-Id"));
        assertNull(seen.headers().get("X-Consumer-Project"));

        AuthEvent event = gateway.nextEvent();
        assertEquals(AuthEventType.AUTH_SUCCESS, event.type());
        assertEquals("alice", event.developerId());
        assertNull(event.projectId());
        assertEquals(List.of(AuthMethod.JWT), event.credential().methods());
        assertNull(event.credential().keyId());
        assertNull(event.credential().keyHint());
        assertNull(event.credential().location(), "there is no key to locate");
        assertEquals("alice", event.partitionKey());
        assertNoPartOfTheTokenIn(event, token);
        gateway.assertNoMoreEvents();
    }

    @Test
    void es256AndHs256TokensPassAndHideCredentialsOffForwardsTheToken() throws Exception {
        String es = es256(ec, "e1", claims("carol", NOW).build());
        assertEquals(200, gateway.send(gateway.get("/jwt/x").header("Authorization", "Bearer " + es)).statusCode());
        assertEquals("carol", gateway.nextEvent().developerId());
        assertEquals("carol", upstream.seen.poll().headers().get("X-Consumer-Developer"));

        String hs = hs256(secret, null, claims("dave", NOW).build());
        assertEquals(200, gateway.send(gateway.get("/hs/x").header("Authorization", "Bearer " + hs)).statusCode());
        assertEquals("dave", gateway.nextEvent().developerId());
        StubUpstream.Seen seen = upstream.seen.poll();
        assertEquals("Bearer " + hs, seen.headers().get("Authorization"), "hide-credentials: false keeps the token");
        assertEquals("dave", seen.headers().get("X-Consumer-Developer"));
        gateway.assertNoMoreEvents();
    }

    @Test
    void aMissingTokenIsTheSeed401WithABareBearerChallenge() throws Exception {
        HttpResponse<String> response = gateway.send(gateway.get("/jwt/x"));
        assertSeed401(response, "Bearer realm=\"keytrail\"");
        AuthEvent event = gateway.nextEvent();
        assertEquals(FailureReason.JWT_INVALID, event.reason());
        assertNull(event.credential(), "no credential was presented");
        assertNull(event.developerId());
        assertTrue(upstream.seen.isEmpty());
        gateway.assertNoMoreEvents();
    }

    @Test
    void everyBadTokenIsTheSeed401WithInvalidTokenAndOneEvent() throws Exception {
        String good = rs256(rsa, "k1", claims("alice", NOW).build());
        List<String> headers = List.of(
                "Basic " + good,
                "Bearer " + good + "x".repeat(JwtVerifier.MAX_TOKEN_LENGTH),
                "Bearer not-a-token",
                "Bearer " + TestTokens.sign(JWSAlgorithm.RS384, "k1", claims("alice", NOW).build(),
                        new RSASSASigner(rsa.getPrivate())),
                "Bearer " + rs256(rsa, "k7", claims("alice", NOW).build()),
                "Bearer " + rs256(otherRsa, "k1", claims("alice", NOW).build()),
                "Bearer " + rs256(rsa, "k1", claims("alice", NOW.minusSeconds(3600)).build()),
                "Bearer " + rs256(rsa, "k1", claims("alice", NOW).notBeforeTime(Date.from(NOW.plusSeconds(600))).build()),
                "Bearer " + TestTokens.unsigned(claims("alice", NOW).build(), ""),
                "Bearer " + TestTokens.sign(JWSAlgorithm.HS256, null, claims("alice", NOW).build(),
                        new MACSigner(rsa.getPublic().getEncoded())),
                "Bearer " + rs256(rsa, "k1", claims("alice", NOW).subject(null).claim("sub", 42).build()));
        for (String header : headers) {
            HttpResponse<String> response = gateway.send(gateway.get("/jwt/x").header("Authorization", header));
            assertEquals(401, response.statusCode(), header);
            assertSeed401(response, INVALID_TOKEN);
            AuthEvent event = gateway.nextEvent();
            assertEquals(FailureReason.JWT_INVALID, event.reason(), header);
            assertEquals(List.of(AuthMethod.JWT), event.credential().methods());
            assertNoPartOfTheTokenIn(event, header.substring(header.indexOf(' ') + 1));
        }
        // Raw, since Java's client folds repeated headers into one line.
        String twoTokens = gateway.raw("GET /jwt/x HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + good
                + "\r\nAuthorization: Bearer " + good + "\r\n\r\n");
        assertTrue(twoTokens.startsWith("HTTP/1.1 401 "), twoTokens);
        assertTrue(twoTokens.contains(INVALID_TOKEN), twoTokens);
        assertTrue(twoTokens.endsWith(EXACT_401), twoTokens);
        assertEquals(FailureReason.JWT_INVALID, gateway.nextEvent().reason(), "two tokens");
        assertTrue(upstream.seen.isEmpty());
        gateway.assertNoMoreEvents();
    }

    @Test
    void aRefusedTokenWithAVerifiedSignatureStillNamesItsDeveloper() throws Exception {
        String expired = rs256(rsa, "k1", claims("alice", NOW.minusSeconds(3600)).build());
        assertSeed401(gateway.send(gateway.get("/jwt/x").header("Authorization", "Bearer " + expired)), INVALID_TOKEN);
        assertEquals("alice", gateway.nextEvent().developerId());
        String forged = rs256(otherRsa, "k1", claims("alice", NOW).build());
        assertSeed401(gateway.send(gateway.get("/jwt/x").header("Authorization", "Bearer " + forged)), INVALID_TOKEN);
        assertNull(gateway.nextEvent().developerId(), "an unverified token names nobody");
    }

    @Test
    void theGatewayClockAndSkewDecideExpiry() throws Exception {
        String token = rs256(rsa, "k1", claims("alice", NOW.minusSeconds(60)).expirationTime(Date.from(NOW)).build());
        clock.set(NOW.plusMillis(59_999));
        assertEquals(200, gateway.send(gateway.get("/jwt/x").header("Authorization", "Bearer " + token)).statusCode());
        assertEquals(AuthEventType.AUTH_SUCCESS, gateway.nextEvent().type());
        clock.set(NOW.plusSeconds(60));
        assertSeed401(gateway.send(gateway.get("/jwt/x").header("Authorization", "Bearer " + token)), INVALID_TOKEN);
        assertEquals(FailureReason.JWT_INVALID, gateway.nextEvent().reason());
    }

    @Test
    void issuerAndAudienceAreEnforcedWhereConfigured() throws Exception {
        String right = rs256(rsa, "k1", claims("alice", NOW).issuer("https://idp.example.com/").audience("orders").build());
        String wrongIssuer = rs256(rsa, "k1", claims("alice", NOW).issuer("https://other/").audience("orders").build());
        String wrongAudience = rs256(rsa, "k1", claims("alice", NOW).issuer("https://idp.example.com/").audience("x").build());
        assertEquals(200, gateway.send(gateway.get("/strict/x").header("Authorization", "Bearer " + right)).statusCode());
        assertEquals(AuthEventType.AUTH_SUCCESS, gateway.nextEvent().type());
        for (String token : List.of(wrongIssuer, wrongAudience)) {
            assertSeed401(gateway.send(gateway.get("/strict/x").header("Authorization", "Bearer " + token)), INVALID_TOKEN);
            assertEquals(FailureReason.JWT_INVALID, gateway.nextEvent().reason());
        }
        assertEquals(200, gateway.send(gateway.get("/jwt/x").header("Authorization", "Bearer " + wrongIssuer)).statusCode(),
                "another API without issuer or audience takes it");
        gateway.nextEvent();
    }

    @Test
    void keyAndTokenOfTheSameDeveloperPassWithBothMethods() throws Exception {
        String token = rs256(rsa, "k1", claims("alice", NOW).build());
        HttpResponse<String> response = gateway.send(gateway.get("/both/x").header("x-apim-key", ALICE_KEY)
                .header("Authorization", "Bearer " + token));
        assertEquals(200, response.statusCode());
        StubUpstream.Seen seen = upstream.seen.poll();
        assertEquals("alice", seen.headers().get("X-Consumer-Developer"));
        assertEquals("key_alice", seen.headers().get("X-Key-Id"));
        assertNull(seen.headers().get("x-apim-key"));
        assertNull(seen.headers().get("Authorization"));
        AuthEvent event = gateway.nextEvent();
        assertEquals(AuthEventType.AUTH_SUCCESS, event.type());
        assertEquals(List.of(AuthMethod.KEY, AuthMethod.JWT), event.credential().methods());
        assertEquals("key_alice", event.credential().keyId());
        assertEquals(CredentialLocation.HEADER, event.credential().location());
        assertEquals("alice", event.developerId());
        assertEquals("shop", event.projectId());
        gateway.assertNoMoreEvents();
    }

    @Test
    void oneDevelopersKeyWithAnothersTokenIsAnIdentityMismatchEitherWay() throws Exception {
        String alicesToken = rs256(rsa, "k1", claims("alice", NOW).build());
        String bobsToken = es256(ec, "e1", claims("bob", NOW).build());
        for (String[] pair : List.of(new String[] {ALICE_KEY, bobsToken, "alice", "key_alice"},
                new String[] {BOB_KEY, alicesToken, "bob", "key_bob"})) {
            assertSeed401(gateway.send(gateway.get("/both/x").header("x-apim-key", pair[0])
                    .header("Authorization", "Bearer " + pair[1])), INVALID_TOKEN);
            AuthEvent event = gateway.nextEvent();
            assertEquals(FailureReason.IDENTITY_MISMATCH, event.reason());
            assertEquals(pair[2], event.developerId(), "the event is the key's developer's");
            assertEquals(pair[3], event.credential().keyId());
            assertEquals(List.of(AuthMethod.KEY, AuthMethod.JWT), event.credential().methods());
        }
        assertTrue(upstream.seen.isEmpty());
        gateway.assertNoMoreEvents();
    }

    @Test
    void withBothPoliciesEachFailureIsItsOwnOneEvent() throws Exception {
        String token = rs256(rsa, "k1", claims("alice", NOW).build());
        HttpResponse<String> badKey = gateway.send(gateway.get("/both/x").header("x-apim-key", "Zz9QunknownUnknownUnknownUnknown")
                .header("Authorization", "Bearer " + token));
        assertSeed401(badKey, "Key realm=\"keytrail\"");
        assertEquals(FailureReason.UNKNOWN_KEY, gateway.nextEvent().reason(), "key-auth answers first");

        assertSeed401(gateway.send(gateway.get("/both/x").header("x-apim-key", ALICE_KEY)), "Bearer realm=\"keytrail\"");
        AuthEvent missing = gateway.nextEvent();
        assertEquals(FailureReason.JWT_INVALID, missing.reason());
        assertEquals(List.of(AuthMethod.KEY), missing.credential().methods(), "no token was presented");
        assertEquals("alice", missing.developerId());

        String expired = rs256(rsa, "k1", claims("alice", NOW.minusSeconds(3600)).build());
        assertSeed401(gateway.send(gateway.get("/both/x").header("x-apim-key", ALICE_KEY)
                .header("Authorization", "Bearer " + expired)), INVALID_TOKEN);
        AuthEvent invalid = gateway.nextEvent();
        assertEquals(FailureReason.JWT_INVALID, invalid.reason());
        assertEquals(List.of(AuthMethod.KEY, AuthMethod.JWT), invalid.credential().methods());
        assertEquals("key_alice", invalid.credential().keyId());
        assertTrue(upstream.seen.isEmpty());
        gateway.assertNoMoreEvents();
    }

    @Test
    void anApiWithoutPoliciesIgnoresTokensAndMakesNoDecision() throws Exception {
        String token = rs256(otherRsa, "k1", claims("alice", NOW).build());
        assertEquals(200, gateway.send(gateway.get("/open/x").header("Authorization", "Bearer " + token)).statusCode());
        assertEquals("Bearer " + token, upstream.seen.poll().headers().get("Authorization"));
        gateway.assertNoMoreEvents();
    }

    @Test
    void jwtFailuresAndMismatchesCountTowardsTheFailedAuthLimit() throws Exception {
        gateway.close();
        FailedAuthLimiter limiter = new FailedAuthLimiter(2, 60_000, 30_000, 16, clock);
        gateway = gateway(new ClientProtection(TrustedProxies.none(), limiter));
        String forged = rs256(otherRsa, "k1", claims("alice", NOW).build());
        String bobs = rs256(rsa, "k1", claims("bob", NOW).build());
        assertSeed401(gateway.send(gateway.get("/jwt/x").header("Authorization", "Bearer " + forged)), INVALID_TOKEN);
        assertEquals(FailureReason.JWT_INVALID, gateway.nextEvent().reason());
        assertSeed401(gateway.send(gateway.get("/both/x").header("x-apim-key", ALICE_KEY)
                .header("Authorization", "Bearer " + bobs)), INVALID_TOKEN);
        assertEquals(FailureReason.IDENTITY_MISMATCH, gateway.nextEvent().reason());

        String valid = rs256(rsa, "k1", claims("alice", NOW).build());
        HttpResponse<String> blocked = gateway.send(gateway.get("/jwt/x").header("Authorization", "Bearer " + valid));
        assertEquals(429, blocked.statusCode());
        assertEquals(FailureReason.RATE_LIMITED, gateway.nextEvent().reason());
        assertTrue(gateway.upstream.seen.isEmpty());
        gateway.assertNoMoreEvents();
    }

    @Test
    void anApiConfiguredForJwtNeverServesWithoutItsVerifier() {
        ApiSettings settings = new ApiSettings("a", "/a", URI.create("http://127.0.0.1:9"), true,
                new ApiSettings.Policies(new KeyAuthSettings(false, null, null), new JwtSettings(true, null, null, null,
                        List.of(new JwtKeySettings(null, TestTokens.publicPem(rsa), null, null, null)),
                        null, null, null, null, null, null)));
        assertThrows(IllegalArgumentException.class, () -> new ResolvedApi(settings, new HttpString("x-apim-key"),
                UpstreamProxies.forApi(settings), null));
        assertTrue(new ResolvedApi(settings, new HttpString("x-apim-key"), UpstreamProxies.forApi(settings)).jwtEnabled(),
                "the short constructor builds the verifier from the settings");
    }

    private static void assertSeed401(HttpResponse<String> response, String challenge) {
        assertEquals(401, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(EXACT_401, response.body());
        assertEquals(List.of(challenge), response.headers().allValues("WWW-Authenticate"));
    }

    /** No field of the event holds the token or any of its three parts. */
    private static void assertNoPartOfTheTokenIn(AuthEvent event, String token) {
        String text = event.toString();
        for (String part : token.split("\\.")) {
            if (part.length() >= 8) {
                assertFalse(text.contains(part), "the event holds part of the token");
            }
        }
    }

    private static KeyRecord key(String keyId, String key, String developer) {
        return new KeyRecord(1, keyId, sha256(key), key.substring(0, 4), "shop", developer, KeyStatus.ACTIVE,
                NOW.minusSeconds(3600), null, List.of(), 1, null, null);
    }
}
