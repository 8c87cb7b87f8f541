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
 * @param key      the resolved key, {@code null} when the key is missing or unknown
 * @param location where the key was found, {@code null} when it was missing
 * @param reason   {@code null} on success
 */
public record AuthDecision(KeyEntry key, String keyHint, CredentialLocation location, List<AuthMethod> methods,
        FailureReason reason) {
    public static final int HINT_LENGTH = 4;

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
        return new AuthDecision(key, keyHint, location, methods, Objects.requireNonNull(reason, "reason"));
    }

    public boolean success() {
        return reason == null;
    }

    static String hint(String presentedKey) {
        return presentedKey.length() <= HINT_LENGTH * 2
                ? "" : presentedKey.substring(0, HINT_LENGTH);
    }
}
