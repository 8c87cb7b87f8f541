package io.keytrail.reporting.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals API keys for storage with AES-256-GCM under the {@link MasterKey}, so that an admin can
 * reveal a key again while the database alone gives nothing away. Each seal has a fresh random
 * 12-byte nonce, and the key id is authenticated data: a sealed key copied into another row does
 * not open there. The sealed form is base64 of nonce followed by ciphertext and tag.
 */
public final class KeyVault {
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MasterKey masterKey;
    private final SecureRandom random;

    public KeyVault(MasterKey masterKey, SecureRandom random) {
        this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The key encrypted for the row of {@code keyId}, as base64 text. */
    public String seal(String keyId, String key) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(key, "key");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            // A Cipher is not thread-safe and cheap to make; one per call.
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, masterKey.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(key.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has AES-GCM", e);
        }
    }

    /**
     * The key sealed for {@code keyId}.
     *
     * @throws UnsealException when the text was altered, belongs to another key id or was sealed
     *                         under another master key
     */
    public String open(String keyId, String sealed) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(sealed, "sealed");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new UnsealException(keyId);
        }
        if (bytes.length <= NONCE_BYTES + TAG_BITS / 8) {
            throw new UnsealException(keyId);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, masterKey.secretKey(), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            byte[] key = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(key, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new UnsealException(keyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has AES-GCM", e);
        }
    }

    /** A sealed key that does not open: altered, moved to another row, or under another master key. */
    public static final class UnsealException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsealException(String keyId) {
            super("the stored copy of key " + keyId + " does not decrypt: altered, moved from another key, "
                    + "or sealed under another master key", null, false, false);
        }
    }
}
