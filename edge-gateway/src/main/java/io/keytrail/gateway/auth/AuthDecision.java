package io.keytrail.gateway.auth;

import io.keytrail.events.AuthMethod;
import io.keytrail.events.CredentialLocation;
import io.keytrail.events.FailureReason;
import io.keytrail.gateway.keys.KeyEntry;
import java.util.List;
import java.util.Objects;

/**
 * What the authentication policies decided about one request. Holds a short hint of the presented
 * key for tracing, never the key.
 *
 * @param key              the resolved key, {@code null} when the key is missing or unknown
 * @param location         where the key was found, {@code null} when it was missing
 * @param reason           {@code null} on success
 * @param tokenDeveloperId the developer a verified JWT names, {@code null} without one
 */
public record AuthDecision(KeyEntry key, String keyHint, CredentialLocation location, List<AuthMethod> methods,
        FailureReason reason, String tokenDeveloperId) {
    public static final int HINT_LENGTH = 4;
    private static final List<AuthMethod> KEY_AND_JWT = List.of(AuthMethod.KEY, AuthMethod.JWT);

    /** A decision without a token: key-auth's alone. */
    public AuthDecision(KeyEntry key, String keyHint, CredentialLocation location, List<AuthMethod> methods,
            FailureReason reason) {
        this(key, keyHint, location, methods, reason, null);
    }

    public static AuthDecision success(KeyEntry key, String presentedKey, CredentialLocation location) {
        return new AuthDecision(key, hint(presentedKey), location, List.of(AuthMethod.KEY), null);
    }

    public static AuthDecision failure(FailureReason reason, KeyEntry key, String presentedKey, CredentialLocation location) {
        return new AuthDecision(key, presentedKey == null ? null : hint(presentedKey), location,
                presentedKey == null ? List.of() : List.of(AuthMethod.KEY), reason);
    }

    /**
     * This decision turned into a failure for {@code reason} by a later policy (API access, limits):
     * the key, its hint and where it was found stay, so the one event names the refused key.
     */
    public AuthDecision refused(FailureReason reason) {
        return new AuthDecision(key, keyHint, location, methods, Objects.requireNonNull(reason, "reason"),
                tokenDeveloperId);
    }

    /**
     * The jwt policy's decision on an API without key-auth.
     *
     * @param developerId the developer the token names, when its signature verified
     * @param presented   whether the request carried a token at all
     */
    public static AuthDecision token(String developerId, FailureReason reason, boolean presented) {
        return new AuthDecision(null, null, null, presented ? List.of(AuthMethod.JWT) : List.of(), reason, developerId);
    }

    /** This key-auth success with the jwt policy's verdict added: both methods when a token was presented. */
    public AuthDecision withToken(String developerId, FailureReason reason, boolean presented) {
        return new AuthDecision(key, keyHint, location, presented ? KEY_AND_JWT : methods, reason, developerId);
    }

    /** The developer the request is attributed to: the key's when the key resolved, else the token's. */
    public String developerId() {
        return key != null ? key.developerId() : tokenDeveloperId;
    }

    public boolean success() {
        return reason == null;
    }

    static String hint(String presentedKey) {
        return presentedKey.length() <= HINT_LENGTH * 2
                ? "" : presentedKey.substring(0, HINT_LENGTH);
    }
}
