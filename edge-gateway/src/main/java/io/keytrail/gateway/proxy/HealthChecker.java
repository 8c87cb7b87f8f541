package io.keytrail.gateway.proxy;

import io.keytrail.gateway.config.HealthCheckSettings;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.HttpsURLConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks of one API's targets, on threads of their own (at most four per API), never
 * on the request path: each target is sent {@code GET path} every {@code interval-ms} after the
 * previous check ended, and its verdict flips after the configured run of passed or failed checks.
 * Checks are plain blocking HTTP/1.1 with their own timeouts, through no proxy, redirects not
 * followed; for https targets the JVM's trust store and host name verification apply.
 */
final class HealthChecker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);
    static final int MAX_THREADS = 4;

    private final ScheduledExecutorService scheduler;

    HealthChecker(String apiId, List<UpstreamTarget> targets, HealthCheckSettings settings) {
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(Math.min(targets.size(), MAX_THREADS), runnable -> {
            Thread thread = new Thread(runnable, "health-check-" + apiId + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (UpstreamTarget target : targets) {
            scheduler.scheduleWithFixedDelay(new Check(apiId, target, settings), 0, settings.intervalMs(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Stops checking; a check under way is interrupted. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** The checks of one target, run one at a time, so its counts need no synchronisation. */
    private static final class Check implements Runnable {
        private final String apiId;
        private final UpstreamTarget target;
        private final HealthCheckSettings settings;
        private final URL url;
        private int passed;
        private int failed;

        Check(String apiId, UpstreamTarget target, HealthCheckSettings settings) {
            this.apiId = apiId;
            this.target = target;
            this.settings = settings;
            URI base = target.uri;
            try {
                this.url = URI.create(base.getScheme() + "://" + base.getRawAuthority() + settings.path()).toURL();
            } catch (IOException e) {
                throw new IllegalArgumentException("no health check URL for " + base, e);
            }
        }

        @Override
        public void run() {
            String outcome;
            boolean ok;
            try {
                int status = status();
                ok = settings.passes(status);
                outcome = "status " + status;
            } catch (IOException | RuntimeException e) {
                // Anything escaping would silently end the periodic task.
                ok = false;
                outcome = e.toString();
            }
            if (ok) {
                failed = 0;
                passed++;
                if (!target.checkedHealthy() && passed >= settings.healthyThreshold()) {
                    target.checked(true);
                    LOG.info("API {}: target {} healthy again after {} passed checks", apiId, target, passed);
                }
            } else {
                passed = 0;
                failed++;
                if (target.checkedHealthy() && failed >= settings.unhealthyThreshold()) {
                    target.checked(false);
                    LOG.warn("API {}: target {} unhealthy after {} failed checks, last: {}", apiId, target, failed, outcome);
                }
            }
        }

        private int status() throws IOException {
            HttpURLConnection connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
            if (connection instanceof HttpsURLConnection https && target.tls != null) {
                // The proxied requests' trust; HttpsURLConnection checks the host name itself.
                https.setSSLSocketFactory(target.tls.getSocketFactory());
            }
            try {
                connection.setConnectTimeout(settings.timeoutMs());
                connection.setReadTimeout(settings.timeoutMs());
                connection.setInstanceFollowRedirects(false);
                connection.setUseCaches(false);
                connection.setRequestProperty("User-Agent", "keytrail-gateway-health-check");
                return connection.getResponseCode();
            } finally {
                // A fresh connection each time: a check also proves the target still accepts them.
                connection.disconnect();
            }
        }
    }
}
