package io.keytrail.bench.gateway;

import io.keytrail.bench.load.OpenLoopLoad;
import io.keytrail.events.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The gateway benchmark, one run: (a) nginx serving static JSON, (b) nginx checking
 * {@code x-apim-key} against a map and proxying to (a), (c) keytrail on an API without policies,
 * (d) keytrail with key-auth and audit events to the real broker, both in front of (a).
 * Saturation is measured with wrk, interleaved A B C D per round so drift cancels; latency below
 * saturation with the open-loop generator at fractions of (d)'s throughput. With
 * {@code bench.baselineGateway} (an edge-gateway module built at another revision, see
 * {@code gateway.sh}'s {@code BASELINE_REV}) a second gateway from that build serves (c0) and (d0),
 * each run right beside its twin (c) or (d), which of the two goes first alternating by round, so
 * a difference between them is the code's and not the machine's. Writes
 * {@code docs/bench-results/<bench.label>.json}.
 */
public final class GatewayBench {
    static final int UPSTREAM_PORT = 18080;
    static final int NGINX_PROXY_PORT = 18081;

    /** {@code baseline}: served by the baseline build; its id is its twin's with a {@code 0}. */
    record Target(String id, String description, String url, boolean keyed, boolean baseline) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("keytrail.root", ".")).toAbsolutePath().normalize();
        int rounds = Integer.getInteger("bench.rounds", 3);
        int seconds = Integer.getInteger("bench.seconds", 15);
        int connections = Integer.getInteger("bench.connections", 64);
        int threads = Integer.getInteger("bench.threads", 2);
        int openLoopSeconds = Integer.getInteger("bench.openLoopSeconds", 20);
        String label = System.getProperty("bench.label", "gateway");
        String gatewayJavaOpts = System.getProperty("bench.gatewayJavaOpts", "");
        String baselineModule = System.getProperty("bench.baselineGateway");
        String baselineLabel = System.getProperty("bench.baselineLabel", "baseline");
        String baselineJavaOpts = System.getProperty("bench.baselineJavaOpts", "");
        Path work = WorkDir.create("keytrail-bench-");
        Path results = root.resolve("docs/bench-results");
        Files.createDirectories(results);

        System.out.println("starting the keytrail stack (./keytrail up) in " + work.resolve("stack") + " ...");
        try (LocalStack stack = LocalStack.start(root, work.resolve("stack"), UPSTREAM_PORT, gatewayJavaOpts);
             Nginx nginx = Nginx.start(work.resolve("nginx"), UPSTREAM_PORT, NGINX_PROXY_PORT, 2, List.of(stack.key()))) {
            stack.stopPipelineServices();
            BaselineGateway baseline = null;
            if (baselineModule != null) {
                System.out.println("starting the baseline gateway (" + baselineLabel + ") from " + baselineModule + " ...");
                baseline = BaselineGateway.start(Path.of(baselineModule), stack, work.resolve("baseline"),
                        baselineJavaOpts);
            }
            try {
                Map<String, Object> report = measure(stack, nginx, baseline, baselineLabel, work, rounds, seconds,
                        connections, threads, openLoopSeconds);
                report.put("label", label);
                report.put("finishedAt", Instant.now().toString());
                report.put("machine", Machine.describe());
                report.put("settings", Map.of("rounds", rounds, "secondsPerRun", seconds, "connections", connections,
                        "wrkThreads", threads, "openLoopRate", report.remove("openLoopRate"), "openLoopSeconds",
                        openLoopSeconds, "gatewayJavaOpts", gatewayJavaOpts, "baselineJavaOpts", baselineJavaOpts));
                if (System.getProperty("bench.revision") != null) {
                    report.put("revision", System.getProperty("bench.revision"));
                }
                Map<String, Object> ordered = new LinkedHashMap<>();
                for (String key : List.of("label", "revision", "finishedAt", "machine", "settings", "baseline", "targets",
                        "saturation", "openLoop", "ratios", "ratiosPerRound")) {
                    if (report.containsKey(key)) {
                        ordered.put(key, report.get(key));
                    }
                }
                Path out = results.resolve(label + ".json");
                Json.mapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), ordered);
                System.out.println("wrote " + root.relativize(out));
            } finally {
                if (baseline != null) {
                    baseline.close();
                }
            }
        } finally {
            WorkDir.delete(work);
        }
        BenchReport.main(new String[0]);
    }

    private static Map<String, Object> measure(LocalStack stack, Nginx nginx, BaselineGateway baseline, String baselineLabel,
            Path work, int rounds, int seconds, int connections, int threads, int openLoopSeconds) throws Exception {
        String keyHeader = "x-apim-key: " + stack.key();
        List<Target> targets = new ArrayList<>(List.of(
                new Target("a", "nginx static JSON (the upstream alone)", "http://127.0.0.1:" + UPSTREAM_PORT + "/data", false, false),
                new Target("b", "nginx reverse proxy checking x-apim-key against a map", "http://127.0.0.1:" + NGINX_PROXY_PORT + "/data", true, false),
                new Target("c", "keytrail, API without policies", stack.gatewayUrl("/open/data"), false, false)));
        if (baseline != null) {
            targets.add(new Target("c0", "keytrail at " + baselineLabel + " (baseline), API without policies",
                    baseline.url("/open/data"), false, true));
        }
        targets.add(new Target("d", "keytrail, key-auth + audit events to Kafka", stack.gatewayUrl("/keyed/data"), true, false));
        if (baseline != null) {
            targets.add(new Target("d0", "keytrail at " + baselineLabel + " (baseline), key-auth + audit events to Kafka",
                    baseline.url("/keyed/data"), true, true));
        }
        long stackGatewayPid = stack.pid("io.keytrail.gateway.GatewayMain");
        long kafkaPid = stack.pid("io.keytrail.infra.kafka.KafkaNode");
        Wrk wrk = new Wrk(work);

        System.out.println("warming up every target ...");
        for (Target target : targets) {
            Wrk.Run warm = wrk.run(target.url(), headers(target, keyHeader), threads, connections, 8);
            if (warm.non2xx() > 0 || warm.errors() > 0) {
                throw new IllegalStateException(target.id() + " answered " + warm.non2xx() + " non-2xx and "
                        + warm.errors() + " errors while warming up: the setup is wrong");
            }
        }

        Map<String, List<Map<String, Object>>> saturation = new LinkedHashMap<>();
        for (Target target : targets) {
            saturation.put(target.id(), new ArrayList<>());
        }
        for (int round = 1; round <= rounds; round++) {
            for (Target target : roundOrder(targets, round)) {
                long gatewayPid = target.baseline() ? baseline.pid() : stackGatewayPid;
                double nginxBefore = Cpu.seconds(nginx.pids());
                double gatewayBefore = Cpu.seconds(gatewayPid);
                double kafkaBefore = Cpu.seconds(kafkaPid);
                Wrk.Run run = wrk.run(target.url(), headers(target, keyHeader), threads, connections, seconds);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("round", round);
                row.put("requestsPerSecond", Math.round(run.requestsPerSecond()));
                row.put("p50Micros", run.p50());
                row.put("p99Micros", run.p99());
                row.put("p999Micros", run.p999());
                row.put("maxMicros", run.max());
                row.put("errors", run.errors());
                row.put("non2xx", run.non2xx());
                double gatewayCpu = Cpu.seconds(gatewayPid) - gatewayBefore;
                double kafkaCpu = Cpu.seconds(kafkaPid) - kafkaBefore;
                row.put("cpuPercentNginx", percent(Cpu.seconds(nginx.pids()) - nginxBefore, seconds));
                row.put("cpuPercentGateway", percent(gatewayCpu, seconds));
                row.put("cpuPercentKafka", percent(kafkaCpu, seconds));
                row.put("cpuPercentWrk", percent(run.wrkCpuSeconds(), seconds));
                // CPU per request moves far less from round to round than req/s, which on two shared
                // cores follows whatever else the scheduler runs: it shows what a change costs.
                row.put("gatewayCpuMicrosPerRequest", microsPerRequest(gatewayCpu, run.requests()));
                row.put("kafkaCpuMicrosPerRequest", microsPerRequest(kafkaCpu, run.requests()));
                saturation.get(target.id()).add(row);
                System.out.printf("round %d %s: %,.0f req/s p50 %d us p99 %d us p99.9 %d us%n", round, target.id(),
                        run.requestsPerSecond(), run.p50(), run.p99(), run.p999());
            }
        }

        double dRate = median(saturation.get("d"), r -> ((Number) r.get("requestsPerSecond")).doubleValue());
        // Half of saturation is the target's point; a quarter shows how the curve bends below it.
        List<Double> fractions = List.of(0.5, 0.25);
        // Both builds at the same rate, (d)'s: a fixed load is what tells their latencies apart.
        List<Target> openTargets = targets.stream().filter(t -> List.of("a", "d", "d0").contains(t.id())).toList();
        Map<String, List<Map<String, Object>>> openLoop = new LinkedHashMap<>();
        long self = ProcessHandle.current().pid();
        for (double fraction : fractions) {
            double fixedRate = Math.floor(dRate * fraction / 100) * 100;
            System.out.printf("open loop at %.0f req/s (%.0f%% of (d)'s saturation) ...%n", fixedRate, fraction * 100);
            for (Target target : openTargets) {
                openLoop.put(target.id() + "@" + fraction, new ArrayList<>());
            }
            for (int round = 1; round <= 2; round++) {
                for (Target target : roundOrder(openTargets, round)) {
                    long gatewayPid = target.baseline() ? baseline.pid() : stackGatewayPid;
                    Map<String, String> headers = target.keyed() ? Map.of("x-apim-key", stack.key()) : Map.of();
                    OpenLoopLoad load = new OpenLoopLoad(java.net.URI.create(target.url()), headers, fixedRate, 32);
                    double generatorBefore = Cpu.seconds(self);
                    double gatewayBefore = Cpu.seconds(gatewayPid);
                    double nginxBefore = Cpu.seconds(nginx.pids());
                    long started = System.nanoTime();
                    OpenLoopLoad.Result result = load.run(Duration.ofSeconds(3), Duration.ofSeconds(openLoopSeconds));
                    double wall = (System.nanoTime() - started) / 1e9;
                    Map<String, Object> row = new LinkedHashMap<>(result.asMap());
                    row.put("round", round);
                    row.put("fractionOfSaturation", fraction);
                    row.put("cpuPercentGenerator", Math.round((Cpu.seconds(self) - generatorBefore) / wall * 100));
                    row.put("cpuPercentGateway", Math.round((Cpu.seconds(gatewayPid) - gatewayBefore) / wall * 100));
                    row.put("cpuPercentNginx", Math.round((Cpu.seconds(nginx.pids()) - nginxBefore) / wall * 100));
                    openLoop.get(target.id() + "@" + fraction).add(row);
                    System.out.printf("open loop %s: p50 %d us p99 %d us p99.9 %d us (%d non-2xx, %d errors)%n", target.id(),
                            result.p50(), result.p99(), result.p999(), result.non2xx(), result.errors());
                }
            }
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("openLoopRate", Math.floor(dRate / 2 / 100) * 100);
        if (baseline != null) {
            report.put("baseline", Map.of("label", baselineLabel,
                    "revision", System.getProperty("bench.baselineRevision", baselineLabel), "targets", List.of("c0", "d0")));
        }
        List<Map<String, Object>> targetRows = new ArrayList<>();
        for (Target target : targets) {
            targetRows.add(Map.of("id", target.id(), "description", target.description()));
        }
        report.put("targets", targetRows);
        report.put("saturation", saturation);
        report.put("openLoop", openLoop);
        List<String[]> pairs = new ArrayList<>();
        pairs.add(new String[] {"d", "c"});
        if (baseline != null) {
            pairs.addAll(List.of(new String[] {"d0", "c0"}, new String[] {"d", "d0"}, new String[] {"c", "c0"}));
        }
        Map<String, Object> ratios = new LinkedHashMap<>();
        Map<String, Object> perRound = new LinkedHashMap<>();
        for (String[] pair : pairs) {
            ratios.put(pair[0] + "/" + pair[1], round2(rate(saturation.get(pair[0])) / rate(saturation.get(pair[1]))));
            List<Double> each = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                each.add(round2(rate(saturation.get(pair[0]).subList(round, round + 1))
                        / rate(saturation.get(pair[1]).subList(round, round + 1))));
            }
            perRound.put(pair[0] + "/" + pair[1], each);
        }
        // Of the medians, req/s; per round the same ratio within each round, to show its spread.
        report.put("ratios", ratios);
        report.put("ratiosPerRound", perRound);
        printSummary(targets, saturation, openLoop, ratios, perRound);
        return report;
    }

    /**
     * The order of one round: every target once, each baseline target right beside its twin, the
     * baseline first in even rounds so that neither build always runs on the machine the other
     * has just warmed up (or heated up).
     */
    static List<Target> roundOrder(List<Target> targets, int round) {
        List<Target> order = new ArrayList<>();
        for (Target target : targets) {
            if (target.baseline()) {
                continue;
            }
            Target twin = targets.stream().filter(t -> t.baseline() && t.id().equals(target.id() + "0")).findFirst().orElse(null);
            if (twin != null && round % 2 == 0) {
                order.add(twin);
            }
            order.add(target);
            if (twin != null && round % 2 == 1) {
                order.add(twin);
            }
        }
        return order;
    }

    private static void printSummary(List<Target> targets, Map<String, List<Map<String, Object>>> saturation,
            Map<String, List<Map<String, Object>>> openLoop, Map<String, Object> ratios, Map<String, Object> perRound) {
        System.out.println("\nsummary, medians over the rounds:");
        for (Target target : targets) {
            List<Map<String, Object>> rows = saturation.get(target.id());
            System.out.printf("  (%s) %,10.0f req/s  p99 %7.2f ms  p99.9 %7.2f ms   %s%n", target.id(), rate(rows),
                    median(rows, r -> ((Number) r.get("p99Micros")).doubleValue()) / 1000,
                    median(rows, r -> ((Number) r.get("p999Micros")).doubleValue()) / 1000, target.description());
        }
        openLoop.forEach((id, rows) -> System.out.printf("  open loop (%s) at %,.0f req/s: p99 %.2f ms  p99.9 %.2f ms%n", id,
                median(rows, r -> ((Number) r.get("targetRate")).doubleValue()),
                median(rows, r -> ((Number) r.get("p99Micros")).doubleValue()) / 1000,
                median(rows, r -> ((Number) r.get("p999Micros")).doubleValue()) / 1000));
        ratios.forEach((pair, ratio) -> System.out.printf("  (%s) req/s: %.2f  (per round: %s)%n",
                pair.replace("/", ")/("), (Double) ratio, perRound.get(pair)));
        System.out.println();
    }

    private static double rate(List<Map<String, Object>> rows) {
        return median(rows, r -> ((Number) r.get("requestsPerSecond")).doubleValue());
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static List<String> headers(Target target, String keyHeader) {
        return target.keyed() ? List.of(keyHeader) : List.of();
    }

    private static double microsPerRequest(double cpuSeconds, long requests) {
        return requests == 0 ? 0 : Math.round(cpuSeconds / requests * 1e8) / 100.0;
    }

    private static long percent(double cpuSeconds, int wallSeconds) {
        return Math.round(cpuSeconds / wallSeconds * 100);
    }

    static double median(List<Map<String, Object>> rows, ToDoubleFunction<Map<String, Object>> value) {
        List<Double> values = new ArrayList<>(rows.stream().map(value::applyAsDouble).toList());
        values.sort(Comparator.naturalOrder());
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }
}
