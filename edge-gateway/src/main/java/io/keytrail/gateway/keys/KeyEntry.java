package io.keytrail.gateway.keys;

import io.keytrail.events.KeyStatus;
import java.util.List;

/**
 * What the request path needs of one key, and nothing more: a gateway holds a million of these,
 * so every field is paid a million times. The project, developer and API ids are shared with every
 * other key that names them (the registry interns them), and a key limited to no API shares one
 * empty array. Its rate limit and quota are one reference, {@code null} for the many keys that
 * have neither, shared by keys with the same limits.
 *
 * <p>Immutable: the registry replaces an entry, it never changes one, so a request that found an
 * entry sees one consistent version of the key.
 */
public final class KeyEntry {
    static final String[] ALL_APIS = new String[0];

    private final KeyDigest digest;
    private final String keyId;
    private final String projectId;
    private final String developerId;
    private final String[] allowedApis;
    private final KeyStatus status;
    private final long expiresAtMillis;
    private final long version;
    private final KeyLimits limits;

    /**
     * @param allowedApis     interned and never modified afterwards; {@link #ALL_APIS} for none
     * @param expiresAtMillis {@link Long#MAX_VALUE} for a key that never expires
     * @param limits          {@code null} for a key without rate limit and quota
     */
    KeyEntry(KeyDigest digest, String keyId, String projectId, String developerId, String[] allowedApis,
            KeyStatus status, long expiresAtMillis, long version, KeyLimits limits) {
        this.digest = digest;
        this.keyId = keyId;
        this.projectId = projectId;
        this.developerId = developerId;
        this.allowedApis = allowedApis;
        this.status = status;
        this.expiresAtMillis = expiresAtMillis;
        this.version = version;
        this.limits = limits;
    }

    /**
     * The digest this entry is filed under. Held here (one reference, the same instance as the
     * map's key) so that a change or a tombstone, which name only the key id, can find it.
     */
    KeyDigest digest() {
        return digest;
    }

    public String keyId() {
        return keyId;
    }

    public String projectId() {
        return projectId;
    }

    public String developerId() {
        return developerId;
    }

    /** As last published; {@code ACTIVE} keys still expire by time, see {@link #expiredAt(long)}. */
    public KeyStatus status() {
        return status;
    }

    /** {@link Long#MAX_VALUE} for a key that never expires. */
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    public long version() {
        return version;
    }

    /** The key's rate limit and quota; {@code null} when it has neither. */
    public KeyLimits limits() {
        return limits;
    }

    public boolean expiredAt(long epochMillis) {
        return epochMillis >= expiresAtMillis;
    }

    /** The API ids the key is limited to; empty means every API of its project. */
    public List<String> allowedApis() {
        return allowedApis.length == 0 ? List.of() : List.of(allowedApis);
    }

    /**
     * Whether the key may call {@code apiId} by its allowed APIs alone, without allocating; for the
     * API access policy.
     */
    public boolean allowsApi(String apiId) {
        if (allowedApis.length == 0) {
            return true;
        }
        for (String allowed : allowedApis) {
            if (allowed.equals(apiId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "KeyEntry[" + keyId + " v" + version + " " + status + ", project " + projectId + ", developer "
                + developerId + "]";
    }
}
