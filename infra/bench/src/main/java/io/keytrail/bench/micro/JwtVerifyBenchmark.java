package io.keytrail.bench.micro;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.keytrail.gateway.auth.jwt.JwtResult;
import io.keytrail.gateway.auth.jwt.JwtVerifier;
import io.keytrail.gateway.config.JwtKeySettings;
import io.keytrail.gateway.config.JwtSettings;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The jwt policy's work for one request with a valid token: reading the Bearer header, parsing the
 * JWT, checking its signature with the one key its {@code kid} names, and the claims; or, with the
 * token cache, finding the token remembered and checking its times. Without the cache the
 * signature dominates: RS256 with a 2048-bit key and ES256 on P-256 cost what the JDK's providers
 * cost (JDK 17's P-256 is pure Java and slow), HS256 little.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JwtVerifyBenchmark {
    @Param({"RS256", "ES256", "HS256"})
    String algorithm;

    /** 0: every request parses and checks the signature; else the same token again is found in the cache. */
    @Param({"0", "1024"})
    int tokenCacheSize;

    private JwtVerifier verifier;
    private HeaderMap headers;
    private long now;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        KeyPair rsa = generate("RSA", null);
        KeyPair ec = generate("EC", "secp256r1");
        String secret = "bench-secret-bench-secret-bench-secret-0123";
        JwtSettings settings = new JwtSettings(true, null, null, null, List.of(
                new JwtKeySettings("rsa-1", pem(rsa), null, null, null),
                new JwtKeySettings("ec-1", pem(ec), null, null, null),
                new JwtKeySettings("hs-1", null, null, "BENCH_SECRET", null, secret)),
                "https://idp.example.com/", List.of("orders"), null, null, null, null, tokenCacheSize);
        verifier = JwtVerifier.of(settings);
        Instant issued = Instant.parse("2026-11-23T10:00:00Z");
        now = issued.toEpochMilli();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("developer-4711").issuer("https://idp.example.com/")
                .audience("orders").issueTime(Date.from(issued)).expirationTime(Date.from(issued.plusSeconds(300)))
                .claim("scope", "orders:read orders:write").build();
        String token = switch (algorithm) {
            case "RS256" -> sign(JWSAlgorithm.RS256, "rsa-1", claims, new RSASSASigner(rsa.getPrivate()));
            case "ES256" -> sign(JWSAlgorithm.ES256, "ec-1", claims, new ECDSASigner((ECPrivateKey) ec.getPrivate()));
            default -> sign(JWSAlgorithm.HS256, "hs-1", claims, new MACSigner(secret));
        };
        headers = new HeaderMap();
        headers.put(Headers.HOST, "api.example.com");
        headers.put(Headers.USER_AGENT, "Mozilla/5.0 (X11; Linux x86_64) benchmark");
        headers.put(Headers.ACCEPT, "application/json");
        headers.put(Headers.AUTHORIZATION, "Bearer " + token);
        if (!verifier.verify(headers.get(Headers.AUTHORIZATION), now).valid()) {
            throw new IllegalStateException("the benchmark token must be valid");
        }
    }

    @Benchmark
    public JwtResult verify() {
        return verifier.verify(headers.get(Headers.AUTHORIZATION), now);
    }

    private static String sign(JWSAlgorithm algorithm, String kid, JWTClaimsSet claims, JWSSigner signer)
            throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static KeyPair generate(String algorithm, String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (curve == null) {
            generator.initialize(2048);
        } else {
            generator.initialize(new ECGenParameterSpec(curve));
        }
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
