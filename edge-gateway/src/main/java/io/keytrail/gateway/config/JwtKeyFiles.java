package io.keytrail.gateway.config;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the jwt policy's key material: PEM public keys, HMAC secrets and JWKS files, each checked
 * to be strong enough for the one algorithm it may verify (RS256, ES256 or HS256). Messages name the
 * field and the key, never secret bytes.
 */
final class JwtKeyFiles {
    static final int MAX_PEM_BYTES = 64 * 1024;
    static final int MAX_SECRET_BYTES = 64 * 1024;
    static final int MAX_JWKS_BYTES = 1024 * 1024;
    static final int MIN_RSA_BITS = 2048;
    /** RFC 7518 3.2: an HS256 key at least as long as the hash. */
    static final int MIN_SECRET_BYTES = 32;

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private JwtKeyFiles() {
    }

    /** The algorithm a verification key is for, from its type alone; {@code null} for keys the policy cannot use. */
    static JWSAlgorithm algorithmOf(JWK key) {
        if (KeyType.RSA.equals(key.getKeyType())) {
            return JWSAlgorithm.RS256;
        }
        if (KeyType.EC.equals(key.getKeyType()) && Curve.P_256.equals(((ECKey) key).getCurve())) {
            return JWSAlgorithm.ES256;
        }
        return KeyType.OCT.equals(key.getKeyType()) ? JWSAlgorithm.HS256 : null;
    }

    static String readText(String field, String path, int maxBytes) {
        return new String(readBytes(field, path, maxBytes), StandardCharsets.UTF_8);
    }

    /** The file's bytes without one trailing line break, which editors and {@code echo} add. */
    static byte[] readSecretFile(String field, String path) {
        byte[] bytes = readBytes(field, path, MAX_SECRET_BYTES);
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
            if (end > 0 && bytes[end - 1] == '\r') {
                end--;
            }
        }
        return Arrays.copyOf(bytes, end);
    }

    private static byte[] readBytes(String field, String path, int maxBytes) {
        if (path.isBlank()) {
            throw new ConfigException(field, "must be a file path, got ''");
        }
        Path file = Path.of(path);
        try {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(field, "file not found: " + path);
            }
            if (Files.size(file) > maxBytes) {
                throw new ConfigException(field, path + " is larger than " + maxBytes + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(field, "cannot read " + path + ": " + e.getMessage());
        }
    }

    /** One PEM public key ({@code PUBLIC KEY} or {@code CERTIFICATE}): RSA of 2048 bits or more, or EC P-256. */
    static JWK publicKey(String field, String pem, String kid) {
        Matcher block = PEM.matcher(pem);
        if (!block.find()) {
            throw new ConfigException(field, "is not a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        String type = block.group(1);
        String base64 = block.group(2);
        if (block.find()) {
            throw new ConfigException(field, "holds more than one PEM block; give one key per entry");
        }
        if (type.contains("PRIVATE")) {
            throw new ConfigException(field, "is a private key; the gateway only needs the public key");
        }
        PublicKey key;
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64);
            key = switch (type) {
                case "PUBLIC KEY" -> subjectPublicKey(der);
                case "CERTIFICATE" -> CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
                default -> throw new ConfigException(field, "PEM type '" + type
                        + "' is not supported; give a 'PUBLIC KEY' (openssl pkey -pubout) or a 'CERTIFICATE'");
            };
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException(field, "is not a readable " + type + ": " + e.getMessage());
        }
        if (key instanceof RSAPublicKey rsa) {
            return rsa(field, new RSAKey.Builder(rsa).keyID(kid).build(), "the key");
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (!Curve.P_256.equals(curve)) {
                throw new ConfigException(field, "is an EC key on " + (curve == null ? "an unknown curve" : curve)
                        + "; ES256 needs P-256");
            }
            return new ECKey.Builder(Curve.P_256, ec).keyID(kid).build();
        }
        throw new ConfigException(field, "is a " + key.getAlgorithm()
                + " key; only RSA and EC P-256 keys are supported");
    }

    private static PublicKey subjectPublicKey(byte[] der) throws GeneralSecurityException {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (GeneralSecurityException e) {
                // Not this algorithm: the encoding names its own; try the next.
            }
        }
        throw new GeneralSecurityException("not an RSA or EC public key");
    }

    static JWK secret(String field, byte[] secret, String kid) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new ConfigException(field, "an HS256 secret must be at least " + MIN_SECRET_BYTES
                    + " bytes, got " + secret.length);
        }
        return new OctetSequenceKey.Builder(secret).keyID(kid).build();
    }

    /**
     * The usable verification keys of a JWKS file, public parts only. Keys for encryption, for other
     * algorithms or of other types are skipped, since identity providers publish those too; a weak
     * RSA key or a short HMAC secret is an error rather than a silent skip.
     */
    static List<JWK> jwks(String field, String path) {
        JWKSet set;
        try {
            set = JWKSet.parse(readText(field, path, MAX_JWKS_BYTES));
        } catch (ParseException e) {
            throw new ConfigException(field, path + " is not a valid JWKS: " + e.getMessage());
        }
        List<JWK> usable = new ArrayList<>();
        for (int i = 0; i < set.getKeys().size(); i++) {
            JWK key = set.getKeys().get(i);
            JWSAlgorithm algorithm = algorithmOf(key);
            if (algorithm == null || (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse()))
                    || (key.getAlgorithm() != null && !algorithm.equals(key.getAlgorithm()))) {
                continue;
            }
            String name = key.getKeyID() == null ? "key #" + i : "key '" + key.getKeyID() + "'";
            if (key instanceof RSAKey rsa) {
                usable.add(rsa(field, rsa.toPublicJWK(), name));
            } else if (key instanceof OctetSequenceKey oct) {
                if (oct.size() < MIN_SECRET_BYTES * 8) {
                    throw new ConfigException(field, name + " in " + path + " is an HS256 secret of " + oct.size() / 8
                            + " bytes; at least " + MIN_SECRET_BYTES + " are required");
                }
                usable.add(oct);
            } else {
                usable.add(key.toPublicJWK());
            }
        }
        if (usable.isEmpty()) {
            throw new ConfigException(field, path + " holds no RS256, ES256 or HS256 signature key");
        }
        return usable;
    }

    private static RSAKey rsa(String field, RSAKey key, String name) {
        if (key.size() < MIN_RSA_BITS) {
            throw new ConfigException(field, name + " is a " + key.size() + "-bit RSA key; at least "
                    + MIN_RSA_BITS + " bits are required");
        }
        return key;
    }
}
