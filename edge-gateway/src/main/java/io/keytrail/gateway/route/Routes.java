package io.keytrail.gateway.route;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing table in force. The request path reads it once per request, without a lock; a
 * configuration reload replaces it as a whole, so a request sees either the old APIs or the new
 * ones, never a mix, and a request already routed finishes on the API (and upstream client) it got.
 */
public final class Routes {
    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

    private final AtomicReference<RouteTable> current;

    public Routes(List<ResolvedApi> apis) {
        this.current = new AtomicReference<>(new RouteTable(apis));
    }

    public RouteTable current() {
        return current.get();
    }

    /** Puts {@code apis} in force and returns the APIs they replace, for the caller to close once idle. */
    public List<ResolvedApi> replace(List<ResolvedApi> apis) {
        return current.getAndSet(new RouteTable(apis)).apis();
    }

    /**
     * Closes the upstream clients of {@code apis}: stops their health checks and turns away any
     * request that still reaches them; their pooled connections close as they fall idle.
     */
    public static void closeUpstreams(List<ResolvedApi> apis) {
        for (ResolvedApi api : apis) {
            if (api.upstream() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("could not close the upstream client of API {}", api.id(), e);
                }
            }
        }
    }
}
