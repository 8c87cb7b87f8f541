package io.keytrail.infra.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./keytrail up}: starts a real Kafka broker, the demo upstream, reporting-api, audit-streams
 * and the edge gateway, each in its own JVM; creates a demo key; checks that a request through the
 * gateway answers 200; prints that request; and on Ctrl-C stops everything, keeping the data.
 */
public final class KeytrailUp {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final StackSettings settings;
    private final List<ServiceProcess> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    KeytrailUp(StackSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        StackSettings settings;
        try {
            Path root = Path.of(System.getProperty("keytrail.root", ".")).toAbsolutePath().normalize();
            settings = StackSettings.fromEnvironment(root, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("keytrail: " + e.getMessage());
            System.exit(2);
            return;
        }
        KeytrailUp up = new KeytrailUp(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            up.stopAll();
            stopped.countDown();
        }, "keytrail-stop"));
        try {
            up.checkPortsFree();
            up.startAll();
        } catch (Exception e) {
            System.err.println("keytrail: could not start the stack: " + e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    void checkPortsFree() {
        Map<String, Integer> ports = Map.of(
                "KEYTRAIL_KAFKA_PORT", settings.kafkaPort(),
                "KEYTRAIL_KAFKA_CONTROLLER_PORT", settings.kafkaControllerPort(),
                "KEYTRAIL_GATEWAY_PORT", settings.gatewayPort(),
                "KEYTRAIL_GATEWAY_MANAGEMENT_PORT", settings.gatewayManagementPort(),
                "KEYTRAIL_REPORTING_PORT", settings.reportingPort(),
                "KEYTRAIL_UPSTREAM_PORT", settings.upstreamPort());
        for (var port : ports.entrySet()) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", port.getValue()));
            } catch (IOException e) {
                throw new IllegalStateException("port " + port.getValue() + " is in use; free it or set " + port.getKey());
            }
        }
    }

    void startAll() throws Exception {
        Path data = settings.dataDir();
        Path logs = data.resolve("logs");
        if (!Files.exists(data)) {
            // It will hold the admin token, the database and the Kafka log: owner only.
            Files.createDirectories(data, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        }
        Path root = settings.root();
        Map<String, String> env = new HashMap<>();
        env.put("KEYTRAIL_DATA_DIR", data.toString());
        env.put("KEYTRAIL_KAFKA_BOOTSTRAP", settings.kafkaBootstrap());
        env.put("KEYTRAIL_GATEWAY_PORT", Integer.toString(settings.gatewayPort()));
        env.put("KEYTRAIL_GATEWAY_MANAGEMENT_PORT", Integer.toString(settings.gatewayManagementPort()));
        env.put("KEYTRAIL_GATEWAY_HOST", "127.0.0.1");
        env.put("KEYTRAIL_REPORTING_PORT", Integer.toString(settings.reportingPort()));
        env.put("KEYTRAIL_REPORTING_HOST", "127.0.0.1");
        if (System.getenv("KEYTRAIL_AUDIT_SPOOL_DIR") == null) {
            // Events waiting for Kafka survive restarts with the rest of the stack's data.
            env.put("KEYTRAIL_AUDIT_SPOOL_DIR", data.resolve("audit-spool").toString());
        }
        List<String> small = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC");
        // Ingest keeps H2's pages and a poll's rows live: in 512 MiB with the serial collector a third
        // of reporting-api's time went to GC pauses (a hundred full collections per million events);
        // 1 GiB with the parallel collector ingests 47% more events/s for 18% less CPU
        // (docs/reporting-ingest.md, "Heap and collector").
        List<String> reportingJvm = List.of("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC");
        // audit-streams' one stream thread stops for every collection: growing the heap from 64 MiB
        // took 300 collections (a third of them full) per million events, 9% of its time; a fixed
        // heap takes 100, and 4-9% more events/s (docs/policy-streams-perf.md). Serial: the broker
        // needs the other core.
        List<String> streamsJvm = List.of("-Xms512m", "-Xmx512m", "-XX:MetaspaceSize=96m", "-XX:+UseSerialGC");

        step("Kafka broker (KRaft, data in " + root.relativize(data.resolve("kafka")) + ")");
        ServiceProcess kafka = launch(ServiceProcess.start("kafka", root.resolve("infra/kafka-local"),
                "io.keytrail.infra.kafka.KafkaNode", List.of("-Xms128m", "-Xmx512m"),
                List.of("--data-dir", data.resolve("kafka").toString(), "--port", Integer.toString(settings.kafkaPort()),
                        "--controller-port", Integer.toString(settings.kafkaControllerPort())), env, logs));
        kafka.awaitReady(() -> kafka.printed("KAFKA_READY"), START_TIMEOUT);

        step("demo upstream");
        ServiceProcess upstream = launch(ServiceProcess.start("upstream", root.resolve("infra/stack"),
                EchoUpstream.class.getName(), small, List.of("--port", Integer.toString(settings.upstreamPort())), env, logs));
        upstream.awaitReady(() -> answers("http://127.0.0.1:" + settings.upstreamPort() + "/") == 200, START_TIMEOUT);

        step("reporting-api");
        ServiceProcess reporting = launch(ServiceProcess.start("reporting-api", root.resolve("reporting-api"),
                "io.keytrail.reporting.ReportingMain", reportingJvm, List.of(), env, logs));
        reporting.awaitReady(() -> answers(reportingUrl() + "/health") == 200, START_TIMEOUT);

        step("audit-streams");
        ServiceProcess streams = launch(ServiceProcess.start("audit-streams", root.resolve("audit-streams"),
                "io.keytrail.streams.StreamsMain", streamsJvm, List.of(), env, logs));
        streams.awaitReady(() -> streams.printed("audit-streams running"), START_TIMEOUT);

        step("edge-gateway");
        Path gatewayConfig = gatewayConfig(data);
        List<String> gatewayJvm = new ArrayList<>(List.of("-Xms128m", "-Xmx512m"));
        String extra = System.getenv("KEYTRAIL_GATEWAY_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            // For profiling and tuning runs, e.g. -XX:StartFlightRecording=...
            gatewayJvm.addAll(List.of(extra.trim().split("\\s+")));
        }
        ServiceProcess gateway = launch(ServiceProcess.start("edge-gateway", root.resolve("edge-gateway"),
                "io.keytrail.gateway.GatewayMain", gatewayJvm,
                List.of("--config", gatewayConfig.toString()), env, logs));
        gateway.awaitReady(() -> answers("http://127.0.0.1:" + settings.gatewayManagementPort() + "/health/ready") == 200,
                START_TIMEOUT);

        String token = adminToken(data);
        String key = createDemoKey(token);
        String curl = "curl -i http://127.0.0.1:" + settings.gatewayPort() + "/echo/hello -H 'x-apim-key: " + key + "'";
        awaitGatewayAccepts(key);

        System.out.println();
        System.out.println("keytrail is up.");
        System.out.println("  gateway        http://127.0.0.1:" + settings.gatewayPort() + "   (API /echo -> demo upstream, key-auth on)");
        System.out.println("  reporting-api  " + reportingUrl());
        System.out.println("  console        " + reportingUrl() + "/console/   (in a browser; sign in with the admin token)");
        System.out.println("  kafka          " + settings.kafkaBootstrap());
        System.out.println("  admin token    " + token + "   (kept in " + root.relativize(data.resolve("admin-token")) + ")");
        System.out.println("  logs           " + root.relativize(logs));
        System.out.println();
        System.out.println("A request through the gateway with the demo key (answers 200):");
        System.out.println("  " + curl);
        System.out.println("Without a key (answers 401):");
        System.out.println("  curl -i http://127.0.0.1:" + settings.gatewayPort() + "/echo/hello");
        System.out.println("alice's usage per minute (counts appear within a second or two):");
        System.out.println("  curl -s '" + reportingUrl() + "/reports/developers/alice/usage?granularity=minute' -H 'Authorization: Bearer " + token + "'");
        System.out.println();
        System.out.println("Press Ctrl-C to stop; data stays in " + root.relativize(data) + " for the next start.");
    }

    private ServiceProcess launch(ServiceProcess process) {
        started.add(process);
        return process;
    }

    private static void step(String what) {
        System.out.println("starting " + what + " ...");
    }

    private String reportingUrl() {
        return "http://127.0.0.1:" + settings.reportingPort();
    }

    /** The demo gateway config, rewritten on every start so it follows the ports; KEYTRAIL_GATEWAY_CONFIG replaces it. */
    private Path gatewayConfig(Path data) throws IOException {
        String own = System.getenv("KEYTRAIL_GATEWAY_CONFIG");
        if (own != null && !own.isBlank()) {
            return Path.of(own).toAbsolutePath();
        }
        Path file = data.resolve("gateway-demo.yaml");
        Files.writeString(file, """
                # Written by ./keytrail up on every start. To run your own APIs, write a file like
                # this one and start with KEYTRAIL_GATEWAY_CONFIG=/path/to/gateway.yaml ./keytrail up
                apis:
                  - id: echo
                    path-prefix: /echo
                    upstream: http://127.0.0.1:%d
                    policies:
                      key-auth:
                        enabled: true
                """.formatted(settings.upstreamPort()));
        return file;
    }

    private String adminToken(Path data) throws IOException {
        if (settings.adminToken() != null && !settings.adminToken().isBlank()) {
            return settings.adminToken();
        }
        return Files.readString(data.resolve("admin-token")).trim();
    }

    private String createDemoKey(String token) throws IOException, InterruptedException {
        AdminApi admin = new AdminApi(http, reportingUrl(), token);
        admin.ensureOwners("demo", "alice");
        String body = "{\"developer\":\"alice\",\"description\":\"keytrail up demo key " + Instant.now() + "\"}";
        HttpResponse<String> response = admin.send("POST", "/admin/projects/demo/keys", body);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating the demo key answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode created = Json.mapper().readTree(response.body());
        return created.get("key").asText();
    }

    /** Key changes reach the gateway through Kafka: wait until the new key is accepted. */
    private void awaitGatewayAccepts(String key) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            try {
                status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.gatewayPort() + "/echo/hello"))
                        .header("x-apim-key", key).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = 0;
            }
            if (status == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the gateway answered " + status + " to the demo key for 30 s");
    }

    private int answers(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Stops in reverse start order, so producers stop before the broker they publish to. */
    void stopAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            ServiceProcess process = started.get(i);
            if (process.alive()) {
                System.out.println("stopping " + process.name() + " ...");
                process.stop(STOP_GRACE);
            }
        }
        if (!started.isEmpty()) {
            System.out.println("keytrail stopped.");
        }
    }
}
