package io.keytrail.gateway.reload;

import io.keytrail.gateway.config.ApiSettings;
import io.keytrail.gateway.config.ConfigException;
import io.keytrail.gateway.config.GatewaySettings;
import io.keytrail.gateway.route.ResolvedApi;
import io.keytrail.gateway.route.Routes;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the gateway configuration into a running gateway: reads the file again (with the same
 * environment overrides), validates it, builds every API afresh with the same function start-up
 * uses and swaps the routing table. The listeners, their connections and the state kept across
 * requests (key registry, per-key limits, failed-auth table, audit publisher) are untouched.
 * Requests already routed finish on the replaced APIs, whose upstream clients are closed once the
 * longest of their {@code request-ms} (plus a margin) has passed.
 *
 * <p>Only {@code apis} and the sections that feed them reload; {@code server}, {@code kafka},
 * {@code audit}, {@code trusted-proxies} and {@code failed-auth-protection} are read at start-up
 * only, and a change to them is logged as needing a restart.
 */
public final class ConfigReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);
    /** GatewaySettings components that only a restart applies. */
    static final Set<String> RESTART_ONLY = Set.of("server", "kafka", "audit", "trustedProxies", "failedAuthProtection");
    /** Quiet time after a change before the file is read: editors write in steps. */
    static final long SETTLE_MS = 250;
    /** A file that keeps changing is read after this long anyway. */
    static final long MAX_SETTLE_MS = 2_000;
    /** Added to the longest request-ms before replaced upstream clients are closed. */
    public static final Duration RETIRE_MARGIN = Duration.ofSeconds(5);

    /** Builds one API ready to serve from the settings it is part of; the same function at start-up. */
    @FunctionalInterface
    public interface Resolver {
        ResolvedApi resolve(GatewaySettings settings, ApiSettings api);
    }

    private final Path file;
    private final Map<String, String> env;
    private final GatewaySettings started;
    private final Routes routes;
    private final Resolver resolver;
    private final long retireMarginMs;
    private final ScheduledExecutorService retirer;
    /** Replaced APIs whose upstream clients are not closed yet. */
    private final List<List<ResolvedApi>> retiring = new ArrayList<>();
    private GatewaySettings running;
    private byte[] lastRead;
    private WatchService watchService;
    private Thread watcher;

    /**
     * @param started the settings the gateway started with, whose APIs are in {@code routes}
     * @param retireMargin added to the longest {@code request-ms} of replaced APIs before their
     *                     upstream clients are closed
     */
    public ConfigReloader(Path file, Map<String, String> env, GatewaySettings started, Routes routes, Resolver resolver,
            Duration retireMargin) {
        this.file = Objects.requireNonNull(file, "file");
        this.env = Map.copyOf(env);
        this.started = Objects.requireNonNull(started, "started");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.retireMarginMs = retireMargin.toMillis();
        this.running = started;
        this.lastRead = read();
        this.retirer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "config-retire");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Reloads now, whatever changed; safe to call from any thread, one reload runs at a time. */
    public synchronized ReloadResult reload() {
        lastRead = read();
        GatewaySettings next;
        try {
            next = GatewaySettings.load(file, env);
        } catch (ConfigException e) {
            // One log line, even for a YAML parser's multi-line message.
            LOG.error("configuration reload refused, the running configuration stays: {}",
                    e.getMessage().replaceAll("\\s*\\R\\s*", " "));
            return new ReloadResult(ReloadResult.Outcome.REJECTED, e.getMessage(), List.of());
        }
        List<String> restartRequired = differing(started, next, true);
        if (!restartRequired.isEmpty()) {
            LOG.warn("configuration sections {} in {} differ from those the gateway started with; they take effect "
                    + "only after a restart", restartRequired, file);
        }
        if (differing(running, next, false).isEmpty()) {
            LOG.info("configuration reloaded from {}: no API changed", file);
            return new ReloadResult(ReloadResult.Outcome.UNCHANGED, null, restartRequired);
        }
        List<ResolvedApi> inForce = routes.current().apis();
        List<ResolvedApi> built = new ArrayList<>();
        List<ResolvedApi> fresh = new ArrayList<>();
        try {
            for (ApiSettings api : next.apis()) {
                ResolvedApi kept = unchanged(inForce, next, api);
                if (kept != null) {
                    built.add(kept);
                } else {
                    ResolvedApi resolved = resolver.resolve(next, api);
                    built.add(resolved);
                    fresh.add(resolved);
                }
            }
        } catch (RuntimeException e) {
            Routes.closeUpstreams(fresh);
            LOG.error("configuration reload refused, the running configuration stays: could not build the APIs", e);
            return new ReloadResult(ReloadResult.Outcome.REJECTED, String.valueOf(e.getMessage()), restartRequired);
        }
        // APIs carried over keep serving from the new table: only the others are retired.
        List<ResolvedApi> replaced = routes.replace(built).stream()
                .filter(old -> built.stream().noneMatch(api -> api == old))
                .toList();
        running = next;
        long graceMs = replaced.stream().mapToLong(api -> api.settings().timeouts().requestMs()).max().orElse(0)
                + retireMarginMs;
        retiring.add(replaced);
        retirer.schedule(() -> retire(replaced), graceMs, TimeUnit.MILLISECONDS);
        LOG.info("configuration reloaded from {}: {} APIs in force, {} of them unchanged with their connections and "
                + "health state; the {} replaced close in {} ms", file, built.size(), built.size() - fresh.size(),
                replaced.size(), graceMs);
        return new ReloadResult(ReloadResult.Outcome.RELOADED, null, restartRequired);
    }

    /**
     * The API in force that {@code api} leaves as it is, or null. Reusing it keeps its pooled upstream
     * connections, health state and verified-token cache, so a reload that touches one API costs the
     * others nothing. Its settings hold everything it was built from (files read included), except
     * the gateway-wide key header, compared here.
     */
    private static ResolvedApi unchanged(List<ResolvedApi> inForce, GatewaySettings next, ApiSettings api) {
        for (ResolvedApi current : inForce) {
            if (current.settings().equals(api)) {
                return current.keyHeader().equals(new HttpString(next.keyHeader(api))) ? current : null;
            }
        }
        return null;
    }

    private void retire(List<ResolvedApi> replaced) {
        synchronized (this) {
            // Identity: two replaced tables may be equal lists.
            if (!retiring.removeIf(apis -> apis == replaced)) {
                return;
            }
        }
        Routes.closeUpstreams(replaced);
    }

    /** The settings whose APIs are in force. */
    public synchronized GatewaySettings running() {
        return running;
    }

    /**
     * Reloads whenever the file's content changes: watches its directory, which also sees editors
     * that replace the file by renaming a new one over it and Kubernetes' symlink swaps.
     */
    public synchronized void watch() throws IOException {
        if (watcher != null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        watchService = dir.getFileSystem().newWatchService();
        dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        watcher = new Thread(this::watchLoop, "config-watch");
        watcher.setDaemon(true);
        watcher.start();
        LOG.info("watching {} for configuration changes", file);
    }

    private void watchLoop() {
        try {
            while (true) {
                drain(watchService.take());
                long settleDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_SETTLE_MS);
                WatchKey more;
                while (System.nanoTime() < settleDeadline
                        && (more = watchService.poll(SETTLE_MS, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                if (contentChanged()) {
                    reload();
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // Closed: the gateway is stopping.
        } catch (RuntimeException e) {
            LOG.error("configuration watch stopped; reload with SIGHUP", e);
        }
    }

    private synchronized boolean contentChanged() {
        return !Arrays.equals(read(), lastRead);
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    /** The file's bytes, {@code null} while it does not exist. */
    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The sections, kebab-case, in which two settings differ: among those only a restart applies,
     * or among all the others. Compared by record component so that new sections are covered.
     */
    private static List<String> differing(GatewaySettings before, GatewaySettings after, boolean restartOnly) {
        List<String> sections = new ArrayList<>();
        for (RecordComponent component : GatewaySettings.class.getRecordComponents()) {
            if (RESTART_ONLY.contains(component.getName()) != restartOnly) {
                continue;
            }
            try {
                if (!Objects.equals(component.getAccessor().invoke(before), component.getAccessor().invoke(after))) {
                    sections.add(component.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return sections;
    }

    /**
     * Stops watching and closes the upstream clients still waiting to be retired. The clients in
     * force belong to the routing table's owner.
     */
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            thread = watcher;
            if (watchService != null) {
                try {
                    watchService.close();
                } catch (IOException e) {
                    LOG.debug("closing the configuration watch", e);
                }
            }
        }
        if (thread != null) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        retirer.shutdownNow();
        List<List<ResolvedApi>> pending;
        synchronized (this) {
            pending = new ArrayList<>(retiring);
            retiring.clear();
        }
        pending.forEach(Routes::closeUpstreams);
    }
}
