package io.keytrail.gateway;

import io.keytrail.events.TopicProvisioner;
import io.keytrail.events.Topics;
import io.keytrail.gateway.audit.KafkaAuditPublisher;
import io.keytrail.gateway.audit.PublisherStats;
import io.keytrail.gateway.config.ApiSettings;
import io.keytrail.gateway.config.GatewaySettings;
import io.keytrail.gateway.http.BufferPool;
import io.keytrail.gateway.http.GatewayChain;
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.metrics.GatewayMetrics;
import io.keytrail.gateway.keys.KeyRegistryFeed;
import io.keytrail.gateway.protect.ClientProtection;
import io.keytrail.gateway.proxy.UpstreamProxies;
import io.keytrail.gateway.reload.ConfigReloader;
import io.keytrail.gateway.reload.ReloadResult;
import io.keytrail.gateway.route.ResolvedApi;
import io.keytrail.gateway.route.Routes;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the key registry and its feed, the audit publisher, the routing table, the API
 * listener and the management listener (health, readiness and Prometheus metrics). Built from settings, closed in
 * reverse order. Started from a configuration file, it reloads the APIs when the file changes.
 */
public final class GatewayApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayApp.class);

    private final GatewaySettings settings;
    private final KeyRegistry registry = new KeyRegistry();
    private final KeyRegistryFeed feed;
    private final KafkaAuditPublisher publisher;
    private final Routes routes;
    private final ConfigReloader reloader;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final Undertow server;
    private final Undertow management;
    private volatile boolean serving;

    private GatewayApp(GatewaySettings settings, Path configFile, Map<String, String> env) {
        this.settings = settings;
        Topics topics = settings.kafka().topics();
        String bootstrap = settings.kafka().bootstrap();
        TopicProvisioner.ensure(bootstrap, topics.definitions(settings.kafka().topicPartitions(),
                settings.kafka().replicationFactor(), settings.kafka().eventRetention()), Duration.ofSeconds(30));
        this.publisher = publisher(settings);
        this.feed = new KeyRegistryFeed(registry, bootstrap, topics.keys());
        List<ResolvedApi> apis = settings.apis().stream().map(api -> resolve(settings, api)).toList();
        this.routes = new Routes(apis);
        this.reloader = configFile == null ? null : new ConfigReloader(configFile, env, settings, routes,
                GatewayApp::resolve, ConfigReloader.RETIRE_MARGIN);
        HttpHandler chain = GatewayChain.build(routes, registry, publisher, settings.server().nodeId(), Clock.systemUTC(),
                ClientProtection.from(settings, Clock.systemUTC()), settings.server().maxHeaderBytes(),
                settings.server().maxBodyBytes(), metrics.registry());
        metrics.bind(publisher);
        this.server = Undertow.builder()
                .addHttpListener(settings.server().port(), settings.server().host())
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, settings.server().headerParseLimit())
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, settings.server().maxBodyBytes())
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .setByteBufferPool(new BufferPool(true, BufferPool.DEFAULT_BUFFER_BYTES))
                .setHandler(chain)
                .build();
        this.management = Undertow.builder()
                .addHttpListener(settings.server().managementPort(), settings.server().host())
                .setIoThreads(1)
                .setWorkerThreads(1)
                .setHandler(this::health)
                .build();
    }

    private static KafkaAuditPublisher publisher(GatewaySettings settings) {
        Path spoolDir = settings.auditSpoolDir();
        try {
            return new KafkaAuditPublisher(settings.kafka().bootstrap(), settings.kafka().topics(),
                    settings.audit().bufferCapacity(), spoolDir, settings.audit().spool().limits(),
                    Duration.ofMillis(settings.audit().spillAfterMs()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the audit spool " + spoolDir.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    /** How long a starting gateway may take to read the keys topic to its end before it gives up. */
    static final Duration KEYS_CATCH_UP_TIMEOUT = Duration.ofSeconds(120);

    /**
     * Starts a gateway. The management listener answers at once (not ready); the API listener
     * opens only once the registry has read the keys topic to its end, so no request is ever
     * judged against a partial registry (a revoked key accepted, a valid key refused).
     *
     * @throws IllegalStateException when the keys topic cannot be read to its end in time
     */
    public static GatewayApp start(GatewaySettings settings) {
        return start(settings, null, Map.of());
    }

    /**
     * Starts a gateway whose settings were loaded from {@code configFile} with {@code env}; it
     * reloads them when the file changes and on {@link #reload()}.
     */
    public static GatewayApp start(GatewaySettings settings, Path configFile, Map<String, String> env) {
        GatewayApp app = new GatewayApp(settings, configFile, env);
        app.feed.start();
        app.management.start();
        try {
            app.awaitKeys(KEYS_CATCH_UP_TIMEOUT);
        } catch (RuntimeException e) {
            app.management.stop();
            app.feed.close();
            app.publisher.close(Duration.ofSeconds(1));
            Routes.closeUpstreams(app.routes.current().apis());
            throw e;
        }
        app.server.start();
        app.serving = true;
        if (app.reloader != null) {
            try {
                app.reloader.watch();
            } catch (IOException e) {
                app.close();
                throw new UncheckedIOException("cannot watch " + configFile + " for changes", e);
            }
        }
        LOG.info("gateway {} listening on {} with {} APIs", settings.server().nodeId(), app.address(),
                settings.apis().size());
        return app;
    }

    /**
     * Builds one API ready to serve, the same way at start-up and on every reload: a function of
     * its settings and the gateway-wide defaults in {@code settings}.
     */
    public static ResolvedApi resolve(GatewaySettings settings, ApiSettings api) {
        return new ResolvedApi(api, new HttpString(settings.keyHeader(api)), UpstreamProxies.forApi(api));
    }

    /**
     * Reloads the configuration file (as SIGHUP does): a valid file replaces the APIs in force
     * without dropping a connection; an invalid one changes nothing and is logged naming the field.
     *
     * @throws IllegalStateException when the gateway was not started from a file
     */
    public ReloadResult reload() {
        if (reloader == null) {
            throw new IllegalStateException("this gateway was not started from a configuration file");
        }
        return reloader.reload();
    }

    private void health(io.undertow.server.HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        switch (exchange.getRequestPath()) {
            case "/health/live" -> exchange.getResponseSender().send("{\"status\":\"UP\"}");
            case "/metrics" -> {
                if (exchange.isInIoThread()) {
                    // Rendering every meter takes milliseconds: not on the listener's only IO thread.
                    exchange.dispatch(this::health);
                    return;
                }
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                exchange.getResponseSender().send(metrics.scrape());
            }
            case "/health/ready" -> {
                boolean ready = ready();
                exchange.setStatusCode(ready ? 200 : 503);
                exchange.getResponseSender().send("{\"status\":\"" + (ready ? "READY" : "LOADING_KEYS")
                        + "\",\"keys\":" + registry.size() + "}");
            }
            default -> {
                exchange.setStatusCode(404);
                exchange.getResponseSender().send("{\"message\":\"Not found\",\"status\":404}");
            }
        }
    }

    private void awaitKeys(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!feed.caughtUp()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + settings.kafka().topics().keys() + " to its end within "
                        + timeout.toSeconds() + " s; is Kafka at " + settings.kafka().bootstrap() + " reachable?");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the keys topic", e);
            }
        }
    }

    /** Ready once every key is known and the API listener is open. */
    public boolean ready() {
        return serving && feed.caughtUp();
    }

    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    public int managementPort() {
        return ((InetSocketAddress) management.getListenerInfo().get(0).getAddress()).getPort();
    }

    public String address() {
        return "http://" + settings.server().host() + ":" + port();
    }

    public PublisherStats.Snapshot auditStats() {
        return publisher.stats();
    }

    public int keyCount() {
        return registry.size();
    }

    @Override
    public void close() {
        if (reloader != null) {
            reloader.close();
        }
        server.stop();
        Routes.closeUpstreams(routes.current().apis());
        management.stop();
        feed.close();
        publisher.close(Duration.ofSeconds(10));
        metrics.close();
        LOG.info("gateway {} stopped", settings.server().nodeId());
    }
}
