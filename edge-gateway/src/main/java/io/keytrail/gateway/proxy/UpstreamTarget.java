package io.keytrail.gateway.proxy;

import io.keytrail.gateway.config.PassiveHealthSettings;
import io.keytrail.gateway.config.PoolSettings;
import io.keytrail.gateway.config.TimeoutSettings;
import io.undertow.client.UndertowClient;
import io.undertow.server.handlers.proxy.ConnectionPoolManager;
import io.undertow.server.handlers.proxy.ProxyConnectionPool;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;
import org.xnio.ssl.XnioSsl;

/**
 * One target of an API: its connection pool and whether it may get requests. The request path
 * reads the health state (volatile fields, no lock); the health checker and the IO threads that
 * see connections fail write it.
 *
 * <p>As the pool's manager it sizes the pool from the settings, lets every idle connection expire
 * after {@code idle-ms}, and takes over Undertow's "problem server" handling: Undertow's own retry
 * loop is off, passive ejection and active checks decide instead.
 */
final class UpstreamTarget implements ConnectionPoolManager {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamTarget.class);

    final URI uri;
    /** What https health checks trust, as the proxied requests do; {@code null} for http targets. */
    final SSLContext tls;
    final ProxyConnectionPool pool;
    private final String apiId;
    private final int connectionsPerThread;
    private final int maxQueue;
    private final long idleMs;
    /** 0 when passive checks are off for this API. */
    private final int maxFailures;
    private final long ejectionNanos;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile boolean checkedHealthy = true;
    private volatile boolean ejected;
    private volatile long ejectedUntilNanos;
    private volatile boolean retired;

    /** @param passive {@code null} when passive checks do not apply */
    UpstreamTarget(String apiId, URI uri, XnioSsl ssl, SSLContext tls, PoolSettings pool, TimeoutSettings timeouts,
            PassiveHealthSettings passive) {
        this.apiId = apiId;
        this.uri = uri;
        this.tls = tls;
        this.connectionsPerThread = pool.connectionsPerThread();
        this.maxQueue = pool.maxQueue();
        this.idleMs = timeouts.idleMs();
        this.maxFailures = passive == null ? 0 : passive.maxFailures();
        this.ejectionNanos = passive == null ? 0 : TimeUnit.MILLISECONDS.toNanos(passive.ejectionMs());
        this.pool = new ProxyConnectionPool(this, uri, ssl, UndertowClient.getInstance(), OptionMap.EMPTY);
    }

    /** Whether a request may be sent here now: healthy by the active checks, not ejected, not closed. */
    boolean usable() {
        if (!checkedHealthy || retired) {
            return false;
        }
        if (!ejected) {
            return true;
        }
        if (System.nanoTime() - ejectedUntilNanos < 0) {
            return false;
        }
        // Back on probation: failures stays one short of the limit until a connection succeeds.
        ejected = false;
        LOG.info("API {}: target {} back in rotation after its ejection", apiId, uri);
        return true;
    }

    /** A connection attempt failed: refused, reset, or not established within connect-ms. */
    void connectFailed() {
        if (maxFailures == 0 || failures.incrementAndGet() < maxFailures) {
            return;
        }
        ejectedUntilNanos = System.nanoTime() + ejectionNanos;
        failures.set(maxFailures - 1);
        if (!ejected) {
            ejected = true;
            LOG.warn("API {}: target {} taken out for {} ms, its connection attempts keep failing", apiId, uri,
                    TimeUnit.NANOSECONDS.toMillis(ejectionNanos));
        }
    }

    /** A connection was had; on the request path, so it writes only when there is something to clear. */
    void connected() {
        if (failures.get() != 0) {
            failures.set(0);
        }
    }

    boolean checkedHealthy() {
        return checkedHealthy;
    }

    /** The active health checks' verdict. */
    void checked(boolean healthy) {
        checkedHealthy = healthy;
    }

    /** Takes no more requests; its idle connections close as they expire. */
    void retire() {
        retired = true;
    }

    @Override
    public boolean isAvailable() {
        return usable();
    }

    @Override
    public boolean handleError() {
        connectFailed();
        // false: the pool hands the requests queued on this thread back, to be retried elsewhere.
        return false;
    }

    @Override
    public boolean clearError() {
        failures.set(0);
        return true;
    }

    @Override
    public int getProblemServerRetry() {
        return -1;
    }

    @Override
    public int getMaxConnections() {
        return connectionsPerThread;
    }

    @Override
    public int getMaxCachedConnections() {
        return connectionsPerThread;
    }

    @Override
    public int getSMaxConnections() {
        // No connection is kept idle longer than idle-ms.
        return 0;
    }

    @Override
    public long getTtl() {
        return idleMs;
    }

    @Override
    public int getMaxQueueSize() {
        return maxQueue;
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
