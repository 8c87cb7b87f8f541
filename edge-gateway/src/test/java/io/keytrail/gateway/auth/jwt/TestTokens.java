package io.keytrail.gateway.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.keytrail.gateway.support.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Keys generated in the test and tokens signed with them, the way an identity provider would, plus
 * the PEM and JWKS files the gateway reads.
 */
public final class TestTokens {
    public static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private TestTokens() {
    }

    public static KeyPair rsa(int bits) {
        return generate("RSA", bits, null);
    }

    public static KeyPair ec(String curve) {
        return generate("EC", 0, curve);
    }

    private static KeyPair generate(String algorithm, int bits, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] secret(int bytes) {
        byte[] secret = new byte[bytes];
        new SecureRandom().nextBytes(secret);
        // Printable, so it can live in an environment variable or a text file just as well.
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret).substring(0, bytes)
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Claims of a token for {@code subject}, issued now, valid for five minutes. */
    public static JWTClaimsSet.Builder claims(String subject, Instant now) {
        return new JWTClaimsSet.Builder().subject(subject).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    public static String rs256(KeyPair pair, String kid, JWTClaimsSet claims) {
        return sign(JWSAlgorithm.RS256, kid, claims, new RSASSASigner(pair.getPrivate()));
    }

    public static String es256(KeyPair pair, String kid, JWTClaimsSet claims) {
        try {
            return sign(JWSAlgorithm.ES256, kid, claims, new ECDSASigner((ECPrivateKey) pair.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hs256(byte[] secret, String kid, JWTClaimsSet claims) {
        try {
            return sign(JWSAlgorithm.HS256, kid, claims, new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(JWSAlgorithm algorithm, String kid, JWTClaimsSet claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token with {@code alg: none} and {@code signature} as its third part. */
    public static String unsigned(JWTClaimsSet claims, String signature) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + "." + signature;
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    public static String publicPem(KeyPair pair) {
        return pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    public static JWK jwk(KeyPair pair, String kid) {
        Key key = pair.getPublic();
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).keyID(kid).build();
        }
        ECPublicKey ec = (ECPublicKey) key;
        return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).keyID(kid).build();
    }

    public static JWK jwk(byte[] secret, String kid) {
        return new OctetSequenceKey.Builder(secret).keyID(kid).build();
    }

    /** Writes a JWKS file of {@code keys}, private parts never included. */
    public static Path jwks(Path file, List<JWK> keys) throws IOException {
        Files.writeString(file, new JWKSet(keys).toString(false));
        return file;
    }

    public static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        return file;
    }

}
