package io.keytrail.bench.registry;

import io.keytrail.bench.gateway.BenchReport;
import io.keytrail.bench.gateway.Machine;
import io.keytrail.bench.gateway.WorkDir;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.Json;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.TopicProvisioner;
import io.keytrail.events.Topics;
import io.keytrail.infra.kafka.KafkaNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The gateway's key registry at a million keys. Starts a real broker ({@link KafkaNode}, in a JVM
 * of its own, as {@code ./keytrail up} does), creates the keys topic as the services do
 * ({@link Topics#definitions}, {@link TopicProvisioner}), publishes a realistic {@link KeyDataset}
 * with the control plane's producer settings, then starts {@code bench.runs} fresh registries,
 * each in a new JVM with the gateway's heap settings ({@link RegistryLoad}), and records how long
 * each took to catch up and how many heap bytes each key costs. With {@code bench.baselineGatewayJar},
 * runs of that build of the gateway are interleaved with these, for a before/after on one machine
 * state ({@code registry.sh} builds it from {@code BASELINE_REV}). Writes
 * {@code docs/bench-results/<bench.label>.json} (default {@code registry.json}) and re-renders
 * {@code docs/benchmarks.md}.
 */
public final class RegistryBench {
    private RegistryBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("keytrail.root", ".")).toAbsolutePath().normalize();
        String label = System.getProperty("bench.label", "registry");
        int live = Integer.getInteger("bench.keys", 1_000_000);
        int deleted = Integer.getInteger("bench.deletedKeys", live / 50);
        int projects = Integer.getInteger("bench.projects", 1_000);
        int developers = Integer.getInteger("bench.developers", 100_000);
        int runs = Integer.getInteger("bench.runs", 5);
        int partitions = Integer.getInteger("bench.partitions", 3);
        // The gateway's own heap settings (KeytrailUp): the registry must fit in them.
        String loaderJvm = System.getProperty("bench.loaderJvm", "-Xms128m -Xmx512m");
        KeyDataset dataset = new KeyDataset(42, live, deleted, projects, developers);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("label", label);
        report.put("machine", Machine.describe());
        // For experiments: a broker already running (e.g. KafkaNode started by hand) and a topic of its
        // own, published only while empty, so that repeated runs skip the publishing.
        String external = System.getProperty("bench.bootstrap");
        Path work = WorkDir.create("keytrail-registry-");
        try (Broker broker = external == null ? Broker.start(work) : Broker.external(external)) {
            Topics topics = new Topics(System.getProperty("bench.topicPrefix", Topics.DEFAULT_PREFIX));
            TopicProvisioner.ensure(broker.bootstrap(), topics.definitions(partitions, (short) 1,
                    Topics.DEFAULT_EVENT_RETENTION), Duration.ofSeconds(30));
            Map<String, Object> produced = endOffsetsSum(broker.bootstrap(), topics.keys()) == 0
                    ? produce(broker.bootstrap(), topics.keys(), dataset)
                    : Map.of("recordsOnTopic", endOffsetsSum(broker.bootstrap(), topics.keys()));
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("liveKeys", live);
            settings.put("deletedKeys", deleted);
            settings.put("projects", projects);
            settings.put("developers", developers);
            settings.put("partitions", partitions);
            settings.put("runs", runs);
            settings.put("loaderJvm", loaderJvm);
            settings.putAll(produced);
            report.put("settings", settings);
            // A baseline build of the gateway (e.g. the commit before a change), run interleaved with this
            // one against the same topic, so that both see the same machine at the same time.
            String baselineJar = System.getProperty("bench.baselineGatewayJar");
            String currentClasspath = System.getProperty("java.class.path");
            String baselineClasspath = baselineJar == null ? null : withGatewayJar(currentClasspath, baselineJar);
            List<Map<String, Object>> results = new ArrayList<>();
            List<Map<String, Object>> baseline = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                boolean baselineFirst = run % 2 == 1;
                if (baselineClasspath != null && baselineFirst) {
                    baseline.add(timedRun("baseline", run, runs, loaderJvm, baselineClasspath, broker, topics));
                }
                results.add(timedRun("current", run, runs, loaderJvm, currentClasspath, broker, topics));
                if (baselineClasspath != null && !baselineFirst) {
                    baseline.add(timedRun("baseline", run, runs, loaderJvm, baselineClasspath, broker, topics));
                }
            }
            if (results.isEmpty()) {
                System.out.println("bench.runs=0: published only");
                return;
            }
            report.put("runs", results);
            report.putAll(summary(results));
            if (!baseline.isEmpty()) {
                Map<String, Object> base = new LinkedHashMap<>();
                base.put("label", System.getProperty("bench.baselineLabel", Path.of(baselineJar).getFileName().toString()));
                base.put("runs", baseline);
                base.putAll(summary(baseline));
                report.put("baseline", base);
            }
            if (Boolean.getBoolean("bench.profile")) {
                // One more run, with JFR; not timed with the others.
                Path recording = work.resolve("registry.jfr");
                Map<String, Object> result = load(loaderJvm + " -XX:StartFlightRecording=filename=" + recording
                        + ",settings=profile", currentClasspath, broker.bootstrap(), topics.keys());
                Path out = root.resolve("docs/bench-results/" + label + "-profile.txt");
                Files.createDirectories(out.getParent());
                Files.writeString(out, "A fresh registry catching up with " + result.get("keys") + " keys in "
                        + result.get("caughtUpMillis") + " ms (profiled run); JFR execution samples of the loader JVM\n\n"
                        + io.keytrail.bench.gateway.GatewayProfile.summarize(recording, 25));
                System.out.println("wrote " + root.relativize(out));
            }
        } finally {
            WorkDir.delete(work);
        }
        report.put("finishedAt", Instant.now().toString());
        Path out = root.resolve("docs/bench-results/" + label + ".json");
        Files.createDirectories(out.getParent());
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), report);
        System.out.printf("p50 of %d runs: caught up in %,d ms, %d bytes per key; wrote %s%n", runs,
                report.get("caughtUpMillisP50"), report.get("bytesPerKeyP50"), root.relativize(out));
        if (report.get("baseline") instanceof Map<?, ?> base) {
            System.out.printf("baseline %s, p50 of %d runs: caught up in %,d ms, %d bytes per key%n", base.get("label"), runs,
                    base.get("caughtUpMillisP50"), base.get("bytesPerKeyP50"));
        }
        BenchReport.main(new String[0]);
    }

    /** Publishes the dataset as the control plane's outbox relay would: creations first, then later changes. */
    static Map<String, Object> produce(String bootstrap, String topic, KeyDataset dataset) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // reporting-api's OutboxPublisher settings, so the log's batches look like the real ones.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        var serde = EventSerdes.keyRecord();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long records = 0;
        long bytes = 0;
        long started = System.nanoTime();
        System.out.printf("publishing %,d keys (%,d of them deleted again) to %s ...%n", dataset.keys(),
                dataset.keys() - dataset.live(), topic);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < dataset.keys(); i++) {
                KeyRecord record = dataset.created(i);
                byte[] value = serde.serialize(topic, record);
                bytes += value.length;
                records++;
                producer.send(new ProducerRecord<>(topic, record.keyId(), value), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            for (int i = 0; i < dataset.keys(); i++) {
                for (KeyDataset.Published change : dataset.laterChanges(i)) {
                    byte[] value = change.record() == null ? null : serde.serialize(topic, change.record());
                    bytes += value == null ? 0 : value.length;
                    records++;
                    producer.send(new ProducerRecord<>(topic, change.keyId(), value), (m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("publishing the keys failed", failure.get());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long onBroker = endOffsetsSum(bootstrap, topic);
        System.out.printf("published %,d records (%,d MB of JSON) in %.1f s%n", records, bytes >> 20, seconds);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("records", records);
        out.put("recordsOnTopic", onBroker);
        out.put("valueBytes", bytes);
        out.put("meanValueBytes", Math.round((double) bytes / (records - (dataset.keys() - dataset.live()))));
        out.put("publishSeconds", Math.round(seconds * 10) / 10.0);
        return out;
    }

    private static long endOffsetsSum(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> specs = new LinkedHashMap<>();
            for (int p = 0; p < partitions; p++) {
                specs.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(specs).all().get().values().stream().mapToLong(r -> r.offset()).sum();
        }
    }

    private static int sequence;

    private static Map<String, Object> timedRun(String which, int run, int runs, String jvm, String classpath, Broker broker,
            Topics topics) throws Exception {
        Map<String, Object> result = load(jvm, classpath, broker.bootstrap(), topics.keys());
        result.put("build", which);
        result.put("sequence", ++sequence);
        System.out.printf("run %d/%d (%s): %,d keys, caught up in %,d ms, %d bytes per key%n", run, runs, which,
                ((Number) result.get("keys")).intValue(), ((Number) result.get("caughtUpMillis")).longValue(),
                ((Number) result.get("bytesPerKey")).longValue());
        return result;
    }

    /** The p50 of each headline figure over the runs, and the fastest and slowest catch-up. */
    static Map<String, Object> summary(List<Map<String, Object>> runs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("caughtUpMillisP50", median(runs, "caughtUpMillis"));
        out.put("caughtUpMillisMin", runs.stream().mapToLong(r -> ((Number) r.get("caughtUpMillis")).longValue()).min().orElse(0));
        out.put("caughtUpMillisMax", runs.stream().mapToLong(r -> ((Number) r.get("caughtUpMillis")).longValue()).max().orElse(0));
        out.put("bytesPerKeyP50", median(runs, "bytesPerKey"));
        out.put("cpuMillisWhileCatchingUpP50", median(runs, "cpuMillisWhileCatchingUp"));
        out.put("feedThreadCpuMillisP50", median(runs, "feedThreadCpuMillis"));
        out.put("feedThreadAllocatedMiBP50", median(runs, "feedThreadAllocatedMiB"));
        for (String kind : List.of("gc", "jit")) {
            List<Map<String, Object>> byKind = new ArrayList<>();
            for (Map<String, Object> run : runs) {
                if (run.get("cpuMillisByThreadKind") instanceof Map<?, ?> kinds && kinds.get(kind) instanceof Number n) {
                    byKind.add(Map.of("v", n));
                }
            }
            if (!byKind.isEmpty()) {
                out.put(kind + "CpuMillisP50", median(byKind, "v"));
            }
        }
        return out;
    }

    /** {@code classpath} with the edge-gateway jar replaced by {@code jar}. */
    static String withGatewayJar(String classpath, String jar) {
        List<String> entries = new ArrayList<>();
        boolean replaced = false;
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            boolean gateway = Path.of(entry).getFileName().toString().matches("edge-gateway-.*\\.jar")
                    || entry.replace('\\', '/').endsWith("edge-gateway/target/classes");
            entries.add(gateway ? jar : entry);
            replaced |= gateway;
        }
        if (!replaced) {
            throw new IllegalStateException("no edge-gateway jar on the classpath to replace: " + classpath);
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** One fresh registry in a new JVM with the gateway's heap settings. */
    static Map<String, Object> load(String jvmOptions, String classpath, String bootstrap, String topic) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        command.addAll(List.of("-cp", classpath, RegistryLoad.class.getName(), bootstrap, topic));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = line.substring("RESULT ".length());
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        if (!process.waitFor(10, TimeUnit.MINUTES) || result == null) {
            process.destroyForcibly();
            throw new IllegalStateException("the registry run failed:\n" + output);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = Json.mapper().readValue(result, LinkedHashMap.class);
        return parsed;
    }

    static long median(List<Map<String, Object>> rows, String field) {
        List<Long> values = new ArrayList<>();
        rows.forEach(r -> values.add(((Number) r.get(field)).longValue()));
        values.sort(Long::compare);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : Math.round((values.get(n / 2 - 1) + values.get(n / 2)) / 2.0);
    }

    /** The broker in a JVM of its own, so that its heap never mixes with the registry's. */
    public static final class Broker implements AutoCloseable {
        private final Process process;
        private final String bootstrap;

        private Broker(Process process, String bootstrap) {
            this.process = process;
            this.bootstrap = bootstrap;
        }

        /** A broker someone else started and will stop. */
        static Broker external(String bootstrap) {
            return new Broker(null, bootstrap);
        }

        public static Broker start(Path work) throws IOException, InterruptedException {
            int port = freePort();
            int controllerPort = freePort();
            Path log = work.resolve("kafka.log");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms128m", "-Xmx512m", "-cp", System.getProperty("java.class.path"), KafkaNode.class.getName(),
                    "--data-dir", work.resolve("kafka").toString(), "--port", Integer.toString(port),
                    "--controller-port", Integer.toString(controllerPort));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.readString(log).contains("KAFKA_READY")) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("Kafka did not start:\n" + Files.readString(log));
                }
                Thread.sleep(200);
            }
            System.out.println("Kafka broker ready on 127.0.0.1:" + port);
            return new Broker(process, "127.0.0.1:" + port);
        }

        public String bootstrap() {
            return bootstrap;
        }

        /** CPU the broker's JVM has used so far, or -1 when unknown (or started by someone else). */
        public double cpuSeconds() {
            return process == null ? -1
                    : process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
        }

        @Override
        public void close() throws InterruptedException {
            if (process == null) {
                return;
            }
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress("127.0.0.1", 0));
                return socket.getLocalPort();
            }
        }
    }
}
