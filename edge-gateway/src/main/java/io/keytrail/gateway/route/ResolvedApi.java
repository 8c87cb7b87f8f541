package io.keytrail.gateway.route;

import io.keytrail.gateway.config.ApiSettings;
import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import java.util.Objects;

/**
 * An API ready to serve: its settings, the header its key is read from, and the handler that
 * forwards to its upstream. Built from the settings at start-up and again on each configuration
 * reload, shared by all requests routed to it.
 */
public record ResolvedApi(ApiSettings settings, HttpString keyHeader, HttpHandler upstream) {
    public ResolvedApi {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(keyHeader, "keyHeader");
        Objects.requireNonNull(upstream, "upstream");
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
}
