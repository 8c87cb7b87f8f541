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
 * saturation with the open-loop generator at half of (d)'s throughput. Writes
 * {@code docs/bench-results/gateway.json}.
 */
public final class GatewayBench {
    static final int UPSTREAM_PORT = 18080;
    static final int NGINX_PROXY_PORT = 18081;

    record Target(String id, String description, String url, boolean keyed) {
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
        Path work = Files.createTempDirectory("keytrail-bench-");
        Path results = root.resolve("docs/bench-results");
        Files.createDirectories(results);

        System.out.println("starting the keytrail stack (./keytrail up) in " + work.resolve("stack") + " ...");
        try (LocalStack stack = LocalStack.start(root, work.resolve("stack"), UPSTREAM_PORT, gatewayJavaOpts);
             Nginx nginx = Nginx.start(work.resolve("nginx"), UPSTREAM_PORT, NGINX_PROXY_PORT, 2, List.of(stack.key()))) {
            stack.stopPipelineServices();
            String keyHeader = "x-apim-key: " + stack.key();
            List<Target> targets = List.of(
                    new Target("a", "nginx static JSON (the upstream alone)", "http://127.0.0.1:" + UPSTREAM_PORT + "/data", false),
                    new Target("b", "nginx reverse proxy checking x-apim-key against a map", "http://127.0.0.1:" + NGINX_PROXY_PORT + "/data", true),
                    new Target("c", "keytrail, API without policies", stack.gatewayUrl("/open/data"), false),
                    new Target("d", "keytrail, key-auth + audit events to Kafka", stack.gatewayUrl("/keyed/data"), true));
            long gatewayPid = stack.pid("io.keytrail.gateway.GatewayMain");
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
            for (int round = 1; round <= rounds; round++) {
                for (Target target : targets) {
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
                    row.put("cpuPercentNginx", percent(Cpu.seconds(nginx.pids()) - nginxBefore, seconds));
                    row.put("cpuPercentGateway", percent(Cpu.seconds(gatewayPid) - gatewayBefore, seconds));
                    row.put("cpuPercentKafka", percent(Cpu.seconds(kafkaPid) - kafkaBefore, seconds));
                    row.put("cpuPercentWrk", percent(run.wrkCpuSeconds(), seconds));
                    saturation.computeIfAbsent(target.id(), k -> new ArrayList<>()).add(row);
                    System.out.printf("round %d %s: %,.0f req/s p50 %d us p99 %d us p99.9 %d us%n", round, target.id(),
                            run.requestsPerSecond(), run.p50(), run.p99(), run.p999());
                }
            }

            double dRate = median(saturation.get("d"), r -> ((Number) r.get("requestsPerSecond")).doubleValue());
            // Half of saturation is the target's point; a quarter shows how the curve bends below it.
            List<Double> fractions = List.of(0.5, 0.25);
            Map<String, List<Map<String, Object>>> openLoop = new LinkedHashMap<>();
            long self = ProcessHandle.current().pid();
            for (double fraction : fractions) {
                double fixedRate = Math.floor(dRate * fraction / 100) * 100;
                System.out.printf("open loop at %.0f req/s (%.0f%% of (d)'s saturation) ...%n", fixedRate, fraction * 100);
                for (int round = 1; round <= 2; round++) {
                    for (Target target : List.of(targets.get(0), targets.get(3))) {
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
                        openLoop.computeIfAbsent(target.id() + "@" + fraction, k -> new ArrayList<>()).add(row);
                        System.out.printf("open loop %s: p50 %d us p99 %d us p99.9 %d us (%d non-2xx, %d errors)%n", target.id(),
                                result.p50(), result.p99(), result.p999(), result.non2xx(), result.errors());
                    }
                }
            }
            double fixedRate = Math.floor(dRate / 2 / 100) * 100;

            Map<String, Object> report = new LinkedHashMap<>();
            report.put("label", label);
            report.put("finishedAt", Instant.now().toString());
            report.put("machine", Machine.describe());
            report.put("settings", Map.of("rounds", rounds, "secondsPerRun", seconds, "connections", connections,
                    "wrkThreads", threads, "openLoopRate", fixedRate, "openLoopSeconds", openLoopSeconds,
                    "gatewayJavaOpts", gatewayJavaOpts));
            List<Map<String, Object>> targetRows = new ArrayList<>();
            for (Target target : targets) {
                targetRows.add(Map.of("id", target.id(), "description", target.description()));
            }
            report.put("targets", targetRows);
            report.put("saturation", saturation);
            report.put("openLoop", openLoop);
            Path out = results.resolve(label + ".json");
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), report);
            System.out.println("wrote " + root.relativize(out));
        }
        BenchReport.main(new String[0]);
    }

    private static List<String> headers(Target target, String keyHeader) {
        return target.keyed() ? List.of(keyHeader) : List.of();
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
