package io.keytrail.bench.outage;

import io.keytrail.bench.gateway.BenchReport;
import io.keytrail.bench.gateway.Cpu;
import io.keytrail.bench.gateway.LocalStack;
import io.keytrail.bench.gateway.Machine;
import io.keytrail.bench.gateway.WorkDir;
import io.keytrail.bench.load.OpenLoopLoad;
import io.keytrail.events.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The gateway's latency while Kafka is away. The real stack ({@code ./keytrail up}, pipeline
 * services stopped: broker, gateway and demo upstream remain) takes an open-loop load at a fixed
 * rate on an API with key-auth and audit events, without a pause, while the broker alternates
 * between running (UP) and frozen with SIGSTOP (DOWN), UP DOWN UP ... UP, so that machine drift
 * falls on both alike; at the end the broker is killed (KILLED) and started again (RESTARTED).
 * Latency is taken per phase, the first seconds of each (the transition) apart from the rest; the
 * gateway's audit meters at every boundary show the spool at work. Writes
 * {@code docs/bench-results/<bench.label>.json} ({@code outage.json}).
 */
public final class OutageBench {
    private static final String GATEWAY_MAIN = "io.keytrail.gateway.GatewayMain";
    private static final String KAFKA_MAIN = "io.keytrail.infra.kafka.KafkaNode";
    private static final String UPSTREAM_MAIN = "io.keytrail.infra.stack.EchoUpstream";
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration FINAL_DRAIN_TIMEOUT = Duration.ofSeconds(120);

    /** The state of everything measured, at a phase boundary. */
    private record Boundary(long nanos, AuditMetrics audit, double gatewayCpu, double brokerCpu, double generatorCpu,
            double upstreamCpu) {
    }

    /** The phases at one rate: their rows, and the boundaries at the first one's start and the last one's end. */
    private record RateRun(List<Map<String, Object>> rows, Boundary start, Boundary end) {
    }

    private final LocalStack stack;
    private final Broker broker;
    private final OutageSettings settings;
    private final Path work;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI metrics;
    private final long gatewayPid;
    private final long upstreamPid;
    private final long self = ProcessHandle.current().pid();

    private OutageBench(LocalStack stack, Broker broker, OutageSettings settings, Path work) {
        this.stack = stack;
        this.broker = broker;
        this.settings = settings;
        this.work = work;
        this.metrics = URI.create(stack.managementUrl("/metrics"));
        this.gatewayPid = stack.pid(GATEWAY_MAIN);
        this.upstreamPid = stack.pid(UPSTREAM_MAIN);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("keytrail.root", ".")).toAbsolutePath().normalize();
        OutageSettings settings = OutageSettings.from(System.getProperties());
        boolean ownSession = ownSession();
        if (!ownSession) {
            System.out.println("warning: the load generator shares its session (a CPU share of its own under autogroup "
                    + "scheduling) with whatever started it; infra/bench/outage.sh gives it one of its own");
        }
        Path work = WorkDir.create("keytrail-outage-");
        Path results = root.resolve("docs/bench-results");
        Files.createDirectories(results);
        System.out.println("starting the keytrail stack (./keytrail up) in " + work.resolve("stack") + " ...");
        LocalStack started;
        try {
            started = LocalStack.start(root, work.resolve("stack"), LocalStack.DEMO_UPSTREAM_PORT, settings.gatewayJavaOpts());
        } catch (IOException | RuntimeException e) {
            System.out.println("the stack did not start; its logs stay in " + work.resolve("stack/logs"));
            throw e;
        }
        Cleanup cleanup = new Cleanup(started);
        // Should the benchmark be stopped with a signal, the broker must not stay frozen nor the stack running.
        Thread hook = new Thread(() -> {
            if (cleanup.run()) {
                System.out.println("stopped; the stack's logs stay in " + work.resolve("stack/logs"));
            }
        }, "outage-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        Map<String, Object> report = new LinkedHashMap<>();
        try {
            cleanup.stack.stopPipelineServices();
            cleanup.broker = new Broker(cleanup.stack.pid(KAFKA_MAIN));
            report.put("label", settings.label());
            if (System.getProperty("bench.revision") != null) {
                report.put("revision", System.getProperty("bench.revision"));
            }
            report.put("finishedAt", null);
            report.put("machine", Machine.describe());
            Map<String, Object> settingsMap = settings.asMap();
            settingsMap.put("generatorInOwnSession", ownSession);
            report.put("settings", settingsMap);
            report.putAll(new OutageBench(cleanup.stack, cleanup.broker, settings, work).measure());
            report.put("finishedAt", Instant.now().toString());
        } catch (Exception | Error e) {
            System.out.println("the benchmark failed; the stack's logs stay in " + work.resolve("stack/logs"));
            throw e;
        } finally {
            cleanup.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already; it finds the work done
            }
        }
        // The scrapes go beside the run, one line each, rather than thousands of lines into its JSON.
        Path timeline = results.resolve(settings.label() + "-timeline.csv");
        Files.writeString(timeline, (String) report.remove("timeline"));
        report.put("timeline", timeline.getFileName().toString());
        Path out = results.resolve(settings.label() + ".json");
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), report);
        System.out.println("wrote " + root.relativize(out) + " and " + root.relativize(timeline));
        WorkDir.delete(work);
        BenchReport.write(root);
        System.out.println("wrote docs/benchmarks.md");
        StringBuilder section = new StringBuilder();
        OutageReport.section(section, Json.mapper().readTree(out.toFile()));
        System.out.println(section);
    }

    private Map<String, Object> measure() throws Exception {
        int status = client.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl("/keyed/data")))
                .header("x-apim-key", stack.key()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            throw new IllegalStateException("the keyed API answered " + status + " before the load: the setup is wrong");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Object> after = new LinkedHashMap<>();
        List<AuditTimeline.Point> points;
        long origin;
        try (AuditTimeline timeline = new AuditTimeline(client, metrics, Duration.ofMillis(settings.scrapeMillis()))) {
            Boundary start = null;
            Boundary end = null;
            for (int r = 0; r < settings.rates().size(); r++) {
                boolean last = r == settings.rates().size() - 1;
                RateRun run = atRate(settings.rates().get(r), Phase.plan(settings.cycles(), settings.kill() && last,
                        settings.restart() && last), rows.size(), timeline);
                rows.addAll(run.rows());
                start = start == null ? run.start() : start;
                end = run.end();
            }
            long loadEnded = end.nanos();
            // Killed and not started again, the broker takes nothing: no use waiting.
            Duration wait = settings.kill() && !settings.restart() ? Duration.ZERO : FINAL_DRAIN_TIMEOUT;
            System.out.println("load stopped; waiting for the spool to drain (at most " + wait.toSeconds() + " s) ...");
            AuditMetrics last = AuditMetrics.scrape(client, metrics);
            while ((last.spooling() || last.pending() > 0) && System.nanoTime() - loadEnded < wait.toNanos()) {
                Thread.sleep(250);
                last = AuditMetrics.scrape(client, metrics);
            }
            boolean drained = !last.spooling() && last.pending() == 0;
            after.put("drained", drained);
            if (drained) {
                after.put("drainedAfterSeconds", Math.round((System.nanoTime() - loadEnded) / 1e7) / 100.0);
            }
            after.put("audit", last.since(start.audit()));
            points = timeline.points();
            origin = start.nanos();
        }
        Map<String, Object> measured = new LinkedHashMap<>();
        measured.put("phases", rows);
        // From the first phase's start until the spool drained after the last phase (or the wait gave up).
        measured.put("afterTheLoad", after);
        measured.put("timeline", AuditTimeline.csv(points, origin));
        return measured;
    }

    /** One open-loop run at {@code rate} through {@code phases}, numbered on from {@code before}. */
    private RateRun atRate(double rate, List<Phase> phases, int before, AuditTimeline timeline) throws Exception {
        OpenLoopLoad load = new OpenLoopLoad(URI.create(stack.gatewayUrl("/keyed/data")), Map.of("x-apim-key", stack.key()),
                rate, settings.connections()).recordingSamples();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread loadThread = new Thread(() -> {
            try {
                // Its end is not known ahead (a restart takes what it takes): stop() ends it.
                load.run(Duration.ofSeconds(settings.warmupSeconds()), Duration.ofDays(1));
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "outage-load");
        List<Boundary> boundaries = new ArrayList<>();
        Map<Integer, Double> readyAfter = new LinkedHashMap<>();
        loadThread.start();
        try {
            System.out.printf("%,.0f req/s: warming up for %d s ...%n", rate, settings.warmupSeconds());
            Thread.sleep(settings.warmupSeconds() * 1000L + 200);
            for (int i = 0; i < phases.size(); i++) {
                Phase phase = phases.get(i);
                Boundary begin = boundary();
                boundaries.add(begin);
                switch (phase) {
                    case UP -> broker.thaw();
                    case DOWN -> broker.freeze();
                    case KILLED -> broker.kill();
                    case RESTARTED -> broker.restart(work.resolve("kafka-restarted.log"), RESTART_TIMEOUT);
                }
                long from = begin.nanos();
                if (phase == Phase.RESTARTED) {
                    // The phase runs its full length with the broker ready; its start-up comes on top.
                    from = System.nanoTime();
                    readyAfter.put(i, Math.round((from - begin.nanos()) / 1e7) / 100.0);
                }
                sleepUntil(from + settings.phaseSeconds() * 1_000_000_000L);
                System.out.printf("  phase %d/%d %s done%s%n", i + 1, phases.size(), phase,
                        readyAfter.containsKey(i) ? " (broker ready after " + readyAfter.get(i) + " s)" : "");
            }
            boundaries.add(boundary());
        } finally {
            load.stop();
            loadThread.join();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("the load generator failed", failed.get());
        }
        List<AuditTimeline.Point> points = timeline.points();
        long settle = settings.settleSeconds() * 1_000_000_000L;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            Boundary begin = boundaries.get(i);
            Boundary end = boundaries.get(i + 1);
            boolean afterOutage = phase == Phase.RESTARTED || (phase == Phase.UP && i > 0 && phases.get(i - 1) == Phase.DOWN);
            long backlog = begin.audit().pending();
            Long replayedAt = AuditTimeline.whenReplayed(points, begin.nanos(), end.nanos(), begin.audit().replayed(), backlog);
            Long drainedAt = AuditTimeline.whenDrained(points, begin.nanos(), end.nanos());
            long settled = Math.min(begin.nanos() + settle, end.nanos());
            if (afterOutage) {
                // Recovery is not "broker up": until the outage's backlog is delivered, the phase is in transition.
                settled = Math.max(settled, replayedAt == null ? end.nanos() : replayedAt);
            }
            double wall = (end.nanos() - begin.nanos()) / 1e9;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rate", rate);
            row.put("index", before + i + 1);
            row.put("phase", phase.name());
            row.put("description", phase.description);
            row.put("seconds", round2(wall));
            Map<String, Object> transition = new LinkedHashMap<>();
            transition.put("from", i == 0 ? "warm-up" : phases.get(i - 1).name());
            transition.put("seconds", round2((settled - begin.nanos()) / 1e9));
            transition.putAll(load.window(begin.nanos(), settled).asMap());
            Map<String, Object> steady = new LinkedHashMap<>();
            steady.put("seconds", round2((end.nanos() - settled) / 1e9));
            steady.putAll(load.window(settled, end.nanos()).asMap());
            row.put("steady", steady);
            row.put("transition", transition);
            row.put("cpuPercentGateway", percent(end.gatewayCpu() - begin.gatewayCpu(), wall));
            row.put("cpuPercentBroker", percent(end.brokerCpu() - begin.brokerCpu(), wall));
            row.put("cpuPercentGenerator", percent(end.generatorCpu() - begin.generatorCpu(), wall));
            row.put("cpuPercentUpstream", percent(end.upstreamCpu() - begin.upstreamCpu(), wall));
            row.put("audit", end.audit().since(begin.audit()));
            if (readyAfter.containsKey(i)) {
                row.put("brokerReadyAfterSeconds", readyAfter.get(i));
            }
            if (afterOutage) {
                row.put("backlogAtStart", backlog);
                row.put("backlogReplayed", replayedAt != null);
                if (replayedAt != null) {
                    row.put("backlogReplayedAfterSeconds", round2((replayedAt - begin.nanos()) / 1e9));
                }
                row.put("drained", drainedAt != null);
                if (drainedAt != null) {
                    row.put("drainedAfterSeconds", round2((drainedAt - begin.nanos()) / 1e9));
                }
            }
            rows.add(row);
            System.out.printf("  %d %-9s p50 %6.2f ms  p99 %7.2f ms  p99.9 %7.2f ms  (transition p99 %7.2f ms)  "
                            + "non-2xx %d errors %d  spooled %+d replayed %+d dropped %+d%n", before + i + 1, phase,
                    ms(steady, "p50Micros"), ms(steady, "p99Micros"), ms(steady, "p999Micros"), ms(transition, "p99Micros"),
                    (Long) steady.get("non2xx"), (Long) steady.get("errors"),
                    end.audit().spooled() - begin.audit().spooled(), end.audit().replayed() - begin.audit().replayed(),
                    end.audit().droppedTotal() - begin.audit().droppedTotal());
        }
        return new RateRun(rows, boundaries.get(0), boundaries.get(boundaries.size() - 1));
    }

    private Boundary boundary() throws IOException, InterruptedException {
        AuditMetrics audit = AuditMetrics.scrape(client, metrics);
        return new Boundary(System.nanoTime(), audit, Cpu.seconds(gatewayPid), broker.cpuSeconds(), Cpu.seconds(self),
                Cpu.seconds(upstreamPid));
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        for (long rest = nanos - System.nanoTime(); rest > 0; rest = nanos - System.nanoTime()) {
            LockSupport.parkNanos(rest);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /**
     * Whether this JVM leads a session of its own: under autogroup scheduling a session is a CPU
     * share, and the stack runs each service in one of its own.
     */
    static boolean ownSession() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[3]) == ProcessHandle.current().pid();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static double ms(Map<String, Object> window, String field) {
        return ((Number) window.get(field)).doubleValue() / 1000;
    }

    private static long percent(double cpuSeconds, double wallSeconds) {
        return Math.round(cpuSeconds / wallSeconds * 100);
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /**
     * Leaves nothing behind, whether the run ends, fails or is stopped by a signal: a frozen broker
     * thawed first (it could not shut down), then the stack stopped by its launcher, then a broker
     * this benchmark started again (the launcher stops only its own).
     */
    private static final class Cleanup {
        final LocalStack stack;
        volatile Broker broker;
        private boolean done;

        Cleanup(LocalStack stack) {
            this.stack = stack;
        }

        /** Returns whether it did the work, false when it had been done already. */
        synchronized boolean run() {
            if (done) {
                return false;
            }
            done = true;
            List<String> failures = new ArrayList<>();
            Broker b = broker;
            if (b != null) {
                attempt(failures, "thawing the broker", b::release);
            }
            attempt(failures, "stopping the stack", stack::close);
            if (b != null) {
                attempt(failures, "stopping the restarted broker", b::close);
            }
            if (!failures.isEmpty()) {
                System.err.println("cleaning up: " + String.join("; ", failures));
            }
            return true;
        }

        private interface Step {
            void run() throws Exception;
        }

        private static void attempt(List<String> failures, String what, Step step) {
            try {
                step.run();
            } catch (Exception e) {
                failures.add(what + " failed: " + e);
            }
        }
    }
}
