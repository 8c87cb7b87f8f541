package io.keytrail.bench.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second gateway built from another revision (the "before" of a before/after run), started beside
 * the stack's own: the same YAML, the same JVM options and the same broker, only its own ports and
 * node id. Both gateways run for the whole benchmark, so each one's idle cost burdens the other's
 * runs equally.
 */
final class BaselineGateway implements AutoCloseable {
    static final int PORT = 28180;
    static final int MANAGEMENT_PORT = 28181;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final Process process;
    private final Path log;
    private final Thread killOnExit;

    private BaselineGateway(Process process, Path log) {
        this.process = process;
        this.log = log;
        // Should the benchmark be stopped with a signal, the gateway must not outlive it.
        this.killOnExit = new Thread(process::destroyForcibly, "baseline-gateway-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts GatewayMain from {@code moduleDir} (an edge-gateway module built at the baseline
     * revision: its jar and the {@code runtime-classpath.txt} Maven wrote beside it) and waits until
     * it forwards a keyed request. {@code extraJavaOpts} go after the stack gateway's JVM options, so
     * a later flag overrides an earlier one: the same build under another collector is a baseline too.
     */
    static BaselineGateway start(Path moduleDir, LocalStack stack, Path workDir, String extraJavaOpts)
            throws IOException, InterruptedException {
        Path target = moduleDir.resolve("target");
        Path classpathFile = target.resolve("runtime-classpath.txt");
        Path jar;
        try (var files = Files.list(target)) {
            jar = files.filter(p -> p.getFileName().toString().matches("edge-gateway-.*\\.jar")
                            && !p.getFileName().toString().endsWith("-sources.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no edge-gateway jar in " + target));
        }
        if (!Files.exists(classpathFile)) {
            throw new IOException(classpathFile + " is missing: build the baseline with mvn package");
        }
        long stackGateway = stack.pid("io.keytrail.gateway.GatewayMain");
        List<String> command = new ArrayList<>(javaAndOptions(stackGateway));
        if (!extraJavaOpts.isBlank()) {
            command.addAll(List.of(extraJavaOpts.trim().split("\\s+")));
        }
        System.out.println("  JVM as the stack's gateway, then bench.baselineJavaOpts: " + String.join(" ", command));
        command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + Files.readString(classpathFile).trim(),
                "io.keytrail.gateway.GatewayMain", "--config", stack.dataDir().resolve("gateway-bench.yaml").toString()));
        if (Files.isExecutable(SETSID)) {
            // In a session of its own like the stack's gateway (ServiceProcess): with the kernel's
            // autogroup scheduling a session is a CPU share of its own, so a gateway in the
            // benchmark's session would share the load generator's share and measure differently.
            // setsid forks only when it leads a process group, which a JVM's child does not: it
            // execs, so the process started here is the gateway's JVM itself.
            command.add(0, SETSID.toString());
        }
        Files.createDirectories(workDir);
        Path log = workDir.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                // Relative paths it may default to (e.g. a data directory) land in the run's work directory.
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("KEYTRAIL_GATEWAY_HOST", "127.0.0.1");
        builder.environment().put("KEYTRAIL_GATEWAY_PORT", Integer.toString(PORT));
        builder.environment().put("KEYTRAIL_GATEWAY_MANAGEMENT_PORT", Integer.toString(MANAGEMENT_PORT));
        builder.environment().put("KEYTRAIL_NODE_ID", "bench-baseline");
        builder.environment().put("KEYTRAIL_KAFKA_BOOTSTRAP", stack.kafkaBootstrap());
        // Builds with an audit spool must not share the stack gateway's; older builds ignore the variable.
        builder.environment().put("KEYTRAIL_AUDIT_SPOOL_DIR", workDir.resolve("audit-spool").toString());
        BaselineGateway gateway = new BaselineGateway(builder.start(), log);
        try {
            gateway.awaitForwarding(stack.key());
        } catch (IOException | InterruptedException | RuntimeException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    /**
     * The java binary and JVM options of the stack's gateway, read from its command line, so both
     * gateways run with the same heap, collector and {@code bench.gatewayJavaOpts}.
     */
    static List<String> javaAndOptions(long pid) throws IOException {
        String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        return jvmPart(Arrays.asList(cmdline.split("\0")));
    }

    /** From the java binary (a wrapper such as setsid may precede it) up to the class path. */
    static List<String> jvmPart(List<String> command) {
        int java = 0;
        while (java < command.size() && !Path.of(command.get(java)).getFileName().toString().equals("java")) {
            java++;
        }
        int cp = command.indexOf("-cp");
        if (cp < 0) {
            cp = command.indexOf("-classpath");
        }
        if (java >= command.size() || cp < java) {
            throw new IllegalStateException("not a java -cp command line: " + command);
        }
        return List.copyOf(command.subList(java, cp));
    }

    private void awaitForwarding(String key) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // Ready means the key registry caught up; a forwarded keyed request proves the bench key is in it.
        while (status(client, "http://127.0.0.1:" + MANAGEMENT_PORT + "/health/ready", null) != 200
                || status(client, url("/keyed/data"), key) != 200) {
            if (!process.isAlive()) {
                throw new IOException("the baseline gateway exited with code " + process.exitValue() + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the baseline gateway did not forward within " + START_TIMEOUT.toSeconds() + " s:\n"
                        + tail());
            }
            Thread.sleep(200);
        }
    }

    private static int status(HttpClient client, String url, String key) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (key != null) {
            request.header("x-apim-key", key);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + PORT + path;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; nothing left to undo
        }
    }
}
