package io.keytrail.gateway.route;

import io.keytrail.gateway.auth.jwt.JwtVerifier;
import io.keytrail.gateway.config.ApiSettings;
import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import java.util.Objects;

/**
 * An API ready to serve: its settings, the header its key is read from, the handler that
 * forwards to its upstream and its JWT verifier. Built from the settings at start-up and again on
 * each configuration reload, shared by all requests routed to it.
 *
 * @param jwt the verifier of the API's jwt policy, {@code null} exactly when the policy is off
 */
public record ResolvedApi(ApiSettings settings, HttpString keyHeader, HttpHandler upstream, JwtVerifier jwt) {
    public ResolvedApi {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(keyHeader, "keyHeader");
        Objects.requireNonNull(upstream, "upstream");
        if (settings.policies().jwt().enabled() != (jwt != null)) {
            // Fail closed: an API configured for jwt never serves without its verifier.
            throw new IllegalArgumentException("API " + settings.id()
                    + ": a JWT verifier is needed exactly when jwt is enabled");
        }
    }

    /** Builds the JWT verifier from the settings when the API has the jwt policy on. */
    public ResolvedApi(ApiSettings settings, HttpString keyHeader, HttpHandler upstream) {
        this(settings, keyHeader, upstream,
                JwtVerifier.of(Objects.requireNonNull(settings, "settings").policies().jwt()));
    }

    public String id() {
        return settings.id();
    }

    public String pathPrefix() {
        return settings.pathPrefix();
    }

    public boolean keyAuthEnabled() {
        return settings.policies().keyAuth().enabled();
    }

    public boolean jwtEnabled() {
        return jwt != null;
    }
}
