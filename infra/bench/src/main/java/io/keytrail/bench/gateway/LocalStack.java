package io.keytrail.bench.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real keytrail stack, started the way a user starts it ({@code ./keytrail up}) on its own ports
 * and data directory, with the benchmark's APIs: {@code /open} without any policy and
 * {@code /keyed} with key-auth and auditing, both in front of the nginx upstream.
 */
public final class LocalStack implements AutoCloseable {
    static final int GATEWAY_PORT = 28080;
    static final int MANAGEMENT_PORT = 28081;
    /** The stack's own demo upstream (a small Undertow echo service). */
    public static final int DEMO_UPSTREAM_PORT = 28070;
    private static final Pattern KEY = Pattern.compile("x-apim-key: ([A-Za-z0-9]{32})");

    private final Process launcher;
    private final Path dataDir;
    private final String demoKey;

    private LocalStack(Process launcher, Path dataDir, String demoKey) {
        this.launcher = launcher;
        this.dataDir = dataDir;
        this.demoKey = demoKey;
    }

    public static LocalStack start(Path root, Path dataDir, int upstreamPort, String gatewayJavaOpts)
            throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        Path config = dataDir.resolve("gateway-bench.yaml");
        Files.writeString(config, """
                apis:
                  - id: echo
                    path-prefix: /echo
                    upstream: http://127.0.0.1:%d
                    policies:
                      key-auth:
                        enabled: true
                  - id: open
                    path-prefix: /open
                    upstream: http://127.0.0.1:%d
                  - id: keyed
                    path-prefix: /keyed
                    upstream: http://127.0.0.1:%d
                    policies:
                      key-auth:
                        enabled: true
                """.formatted(DEMO_UPSTREAM_PORT, upstreamPort, upstreamPort));
        ProcessBuilder builder = new ProcessBuilder(root.resolve("keytrail").toString(), "up")
                .directory(root.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                "KEYTRAIL_DATA_DIR", dataDir.toString(),
                "KEYTRAIL_GATEWAY_CONFIG", config.toString(),
                "KEYTRAIL_GATEWAY_PORT", Integer.toString(GATEWAY_PORT),
                "KEYTRAIL_GATEWAY_MANAGEMENT_PORT", Integer.toString(MANAGEMENT_PORT),
                "KEYTRAIL_REPORTING_PORT", "28090",
                "KEYTRAIL_KAFKA_PORT", "29092",
                "KEYTRAIL_KAFKA_CONTROLLER_PORT", "29093",
                "KEYTRAIL_UPSTREAM_PORT", Integer.toString(DEMO_UPSTREAM_PORT),
                "KEYTRAIL_GATEWAY_JAVA_OPTS", gatewayJavaOpts == null ? "" : gatewayJavaOpts));
        Process launcher = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String key = null;
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher matcher = KEY.matcher(line);
            if (matcher.find() && key == null) {
                key = matcher.group(1);
            }
            if (line.startsWith("Press Ctrl-C")) {
                break;
            }
        }
        if (key == null || !launcher.isAlive()) {
            // Whatever it did start, it stops on SIGTERM.
            launcher.destroy();
            launcher.waitFor(60, TimeUnit.SECONDS);
            throw new IOException("keytrail up did not come up:\n" + seen);
        }
        Thread drain = new Thread(() -> {
            try {
                out.lines().forEach(l -> { });
            } catch (java.io.UncheckedIOException closed) {
                // the launcher has stopped
            }
        }, "stack-output");
        drain.setDaemon(true);
        drain.start();
        return new LocalStack(launcher, dataDir, key);
    }

    public String key() {
        return demoKey;
    }

    public String gatewayUrl(String path) {
        return "http://127.0.0.1:" + GATEWAY_PORT + path;
    }

    /** The gateway's management port: health, readiness, Prometheus {@code /metrics}. */
    public String managementUrl(String path) {
        return "http://127.0.0.1:" + MANAGEMENT_PORT + path;
    }

    /** The JVM of a service of this stack, found by its main class and this stack's data directory. */
    public long pid(String mainClass) {
        // Read /proc directly: ProcessHandle's command line is cut short for long class paths.
        return ProcessHandle.allProcesses()
                .filter(p -> {
                    String command = procFile(p.pid(), "cmdline");
                    return command.contains(mainClass) && (command.contains(dataDir.toString())
                            || procFile(p.pid(), "environ").contains("KEYTRAIL_DATA_DIR=" + dataDir + " "));
                })
                .findFirst()
                .map(ProcessHandle::pid)
                .orElseThrow(() -> new IllegalStateException("no process runs " + mainClass));
    }

    private static String procFile(long pid, String name) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), name)), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Stops audit-streams and reporting-api once the stack is up and the demo key issued: on a
     * 2-core machine they would compete with the gateway for CPU, and the pipeline has its own
     * benchmark. The broker, the gateway and the upstream keep running.
     */
    public void stopPipelineServices() throws Exception {
        for (String main : List.of("io.keytrail.streams.StreamsMain", "io.keytrail.reporting.ReportingMain")) {
            ProcessHandle process = ProcessHandle.of(pid(main)).orElseThrow();
            process.destroy();
            process.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:29092";
    }

    public String reportingUrl() {
        return "http://127.0.0.1:28090";
    }

    public String adminToken() throws IOException {
        return Files.readString(dataDir.resolve("admin-token")).trim();
    }

    /** Creates a key through the admin API, as a console user would; returns the key. */
    public String createKey(String project, String developer) throws IOException, InterruptedException {
        // Keys are issued only to existing owners; 409 means one exists already.
        for (String[] owner : new String[][] {{"/admin/projects", project}, {"/admin/developers", developer}}) {
            int status = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(reportingUrl() + owner[0]))
                    .header("Authorization", "Bearer " + adminToken())
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"id\":\"" + owner[1] + "\"}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 201 && status != 409) {
                throw new IOException("POST " + owner[0] + " answered " + status);
            }
        }
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(reportingUrl() + "/admin/projects/" + project + "/keys"))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"developer\":\"" + developer + "\",\"description\":\"benchmark key\"}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("creating a key answered " + response.statusCode() + ": " + response.body());
        }
        return io.keytrail.events.Json.mapper().readTree(response.body()).get("key").asText();
    }

    Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() throws InterruptedException {
        launcher.destroy();
        if (!launcher.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
        }
    }
}
