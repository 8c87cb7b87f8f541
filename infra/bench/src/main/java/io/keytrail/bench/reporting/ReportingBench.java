package io.keytrail.bench.reporting;

import io.keytrail.bench.gateway.Machine;
import io.keytrail.bench.gateway.WorkDir;
import io.keytrail.bench.pipeline.BenchEvents;
import io.keytrail.bench.pipeline.MachineLoad;
import io.keytrail.bench.pipeline.PipelineBench;
import io.keytrail.bench.pipeline.StreamsProcess;
import io.keytrail.bench.registry.RegistryBench;
import io.keytrail.events.AuthEvent;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.Json;
import io.keytrail.events.TopicProvisioner;
import io.keytrail.events.Topics;
import io.keytrail.events.UsageWindow;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Issue 8's two reporting figures, against a real broker (its own JVM) and reporting-api as
 * deployed ({@code ReportingMain} in its own JVM, H2 file database in a temporary directory):
 *
 * <ol>
 *   <li><b>Ingest</b>: N auth events (developer {@code dev-bench} over the last 30 days, the rest
 *       spread over noise developers) are on both auth topics, with the minute, hour and day usage
 *       windows of {@code dev-bench} on the usage topic, before reporting-api starts. The clock runs
 *       from its launch until its consumer group has committed every record of those topics, which
 *       it does only after the records' database transaction. Afterwards the database is opened
 *       and checked to hold exactly the N events and every window.</li>
 *   <li><b>Report latency</b>: with everything ingested, a fixed number of sequential requests
 *       (after a warm-up) of the hourly usage report of {@code dev-bench} over 30 days, and of its
 *       newest 50 trail entries.</li>
 * </ol>
 *
 * Options (system properties): {@code bench.events} (10,000,000), {@code bench.developers} (50 noise
 * developers), {@code bench.benchShare} (0.5 of the events are {@code dev-bench}'s), {@code bench.failureShare}
 * (0.1), {@code bench.days} (30), {@code bench.warmup} (50), {@code bench.requests} (500),
 * {@code bench.reportingJvm} (the deployed {@value #DEPLOYED_JVM}), {@code bench.reportingEnv} (extra
 * {@code NAME=value,...}), {@code bench.timeoutMinutes} (60), {@code bench.label}, {@code bench.out}
 * (default {@code docs/bench-results/reporting.json}). Re-renders {@code docs/benchmarks.md}.
 */
public final class ReportingBench {
    /** What {@code KeytrailUp} starts reporting-api with. */
    /** What {@code ./keytrail up} gives reporting-api (KeytrailUp). */
    static final String DEPLOYED_JVM = "-Xms1g -Xmx1g -XX:+UseParallelGC";
    static final String DEVELOPER = "dev-bench";
    static final int PARTITIONS = 3;

    private ReportingBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("keytrail.root", ".")).toAbsolutePath().normalize();
        int events = Integer.getInteger("bench.events", 10_000_000);
        int days = Integer.getInteger("bench.days", 30);
        Path work = WorkDir.create("keytrail-reporting-");
        String run = "rp" + System.currentTimeMillis();
        Topics topics = new Topics(run + ".");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("label", System.getProperty("bench.label", "reporting"));
        report.put("machine", Machine.describe());
        report.put("reportingJvm", reportingJvm());
        report.put("reportingEnv", extraEnv());
        try (RegistryBench.Broker broker = RegistryBench.Broker.start(work)) {
            TopicProvisioner.ensure(broker.bootstrap(), topics.definitions(PARTITIONS, (short) 1,
                    Duration.ofDays(days + 7)), Duration.ofSeconds(30));
            Map<String, Object> load = preload(broker.bootstrap(), topics, events, days);
            report.put("input", load);
            Path data = work.resolve("reporting-data");
            String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            int port = freePort();
            Map<String, Object> ingest;
            Map<String, Object> reports;
            try (StreamsProcess reporting = StreamsProcess.start("reporting-api", "io.keytrail.reporting.ReportingMain",
                    reportingJvm(), reportingEnv(broker.bootstrap(), run, data, port, token, days),
                    work.resolve("reporting.log"))) {
                ingest = awaitIngest(broker.bootstrap(), run, topics, reporting, events);
                reports = new ReportLatency("http://127.0.0.1:" + port, token).measure(DEVELOPER, days);
                ingest.put("reportingCpuSeconds", PipelineBench.round(reporting.cpuSeconds()));
            }
            ingest.putAll(verify(data, events, (long) load.get("usageWindows")));
            report.put("ingest", ingest);
            report.put("reports", reports);
        } finally {
            WorkDir.delete(work);
        }
        report.put("finishedAt", Instant.now().toString());
        Path out = root.resolve(System.getProperty("bench.out", "docs/bench-results/reporting.json"));
        Files.createDirectories(out.getParent());
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), report);
        System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        io.keytrail.bench.gateway.BenchReport.main(new String[0]);
    }

    /** Produces the events in time order, and dev-bench's windows as they close. */
    static Map<String, Object> preload(String bootstrap, Topics topics, int count, int days) throws Exception {
        int noise = Integer.getInteger("bench.developers", 50);
        double benchShare = Double.parseDouble(System.getProperty("bench.benchShare", "0.5"));
        BenchEvents mix = new BenchEvents("noise", noise,
                Double.parseDouble(System.getProperty("bench.failureShare", "0.1")), 11);
        SplittableRandom pick = new SplittableRandom(13);
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Duration span = Duration.ofDays(days);
        Instant first = end.minus(span);
        long benchEvents = 0;
        long failures = 0;
        long started = System.nanoTime();
        System.out.printf("pre-loading %,d events over %d days on %s and %s ...%n", count, days,
                topics.authSuccess(), topics.authFailure());
        try (var producer = new KafkaProducer<>(PipelineBench.gatewayProducer(bootstrap), new StringSerializer(),
                new ByteArraySerializer())) {
            String usage = topics.usage();
            DeveloperWindows windows = new DeveloperWindows(w -> producer.send(new ProducerRecord<>(usage, w.key(),
                    EventSerdes.usageWindow().serialize(usage, w))));
            for (int i = 0; i < count; i++) {
                Instant time = first.plusNanos(span.toNanos() / count * i);
                boolean bench = pick.nextDouble() < benchShare;
                AuthEvent event = bench ? mix.next(time, noise, DEVELOPER) : mix.next(time);
                String topic = event.success() ? topics.authSuccess() : topics.authFailure();
                producer.send(new ProducerRecord<>(topic, event.partitionKey(),
                        EventSerdes.authEvent().serialize(topic, event)));
                if (bench) {
                    windows.add(event);
                    benchEvents++;
                }
                failures += event.success() ? 0 : 1;
                if (i > 0 && i % 1_000_000 == 0) {
                    System.out.printf("  %,d events produced%n", i);
                }
            }
            windows.flush();
            producer.flush();
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("events", count);
            input.put("failureEvents", failures);
            input.put("benchDeveloperEvents", benchEvents);
            input.put("noiseDevelopers", noise);
            input.put("days", days);
            input.put("usageWindows", windows.published());
            input.put("preloadSeconds", PipelineBench.round((System.nanoTime() - started) / 1e9));
            input.put("windowsComputedBy", "the benchmark itself, as audit-streams' UsageStats would (same counts, "
                    + "KLL k=200 and HLL lgK=12 HLL_8 sketches): running audit-streams over this many events would "
                    + "take too long");
            System.out.printf("pre-loaded %,d events (%,d of %s) and %,d usage windows in %.0f s%n", count, benchEvents,
                    DEVELOPER, windows.published(), (System.nanoTime() - started) / 1e9);
            return input;
        }
    }

    /** Waits until the group committed every record of the auth and usage topics; the ingest figures. */
    static Map<String, Object> awaitIngest(String bootstrap, String group, Topics topics, StreamsProcess reporting,
                                           int events) throws Exception {
        double loadBefore = MachineLoad.loadAverage();
        MachineLoad machine = MachineLoad.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(Integer.getInteger("bench.timeoutMinutes", 60)).toNanos();
        long firstCommit = -1;
        long lastPrint = System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, Long> ends = ends(admin, List.of(topics.authSuccess(), topics.authFailure(),
                    topics.usage()));
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            while (true) {
                reporting.checkAlive();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("ingest not done in time:\n" + reporting.tail());
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                long done = ends.keySet().stream().mapToLong(p -> committed.get(p) == null ? 0
                        : committed.get(p).offset()).sum();
                if (done > 0 && firstCommit < 0) {
                    firstCommit = System.nanoTime();
                }
                if (done >= total) {
                    break;
                }
                if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                    System.out.printf("  ingested %,d of %,d records (%.0f s)%n", done, total,
                            (System.nanoTime() - reporting.startedNanos()) / 1e9);
                    lastPrint = System.nanoTime();
                }
                Thread.sleep(100);
            }
            long finished = System.nanoTime();
            double seconds = (finished - reporting.startedNanos()) / 1e9;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("records", total);
            result.put("secondsUntilAllStored", PipelineBench.round(seconds));
            result.put("secondsUntilFirstCommit", PipelineBench.round((firstCommit - reporting.startedNanos()) / 1e9));
            result.put("eventsPerSecond", Math.round(events / seconds));
            result.put("eventsPerSecondAfterFirstCommit", Math.round(events / ((finished - firstCommit) / 1e9)));
            result.put("loadAverageBefore", loadBefore);
            result.put("loadAverageAfter", MachineLoad.loadAverage());
            result.put("machineBusyShare", machine.busyShare());
            System.out.printf("reporting-api stored %,d records %.1f s after launch: %,d events/s%n", total, seconds,
                    result.get("eventsPerSecond"));
            return result;
        }
    }

    private static Map<TopicPartition, Long> ends(Admin admin, List<String> names) throws Exception {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        for (String name : names) {
            for (int p = 0; p < PARTITIONS; p++) {
                specs.put(new TopicPartition(name, p), OffsetSpec.latest());
            }
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(specs).all().get().forEach((p, info) -> ends.put(p, info.offset()));
        return ends;
    }

    /** Opens the stopped reporting-api's database and checks it holds exactly what was produced. */
    static Map<String, Object> verify(Path data, int events, long windows) throws Exception {
        Path db = data.resolve("reporting").resolve("keytrail");
        Map<String, Object> result = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db + ";ACCESS_MODE_DATA=r", "sa", "")) {
            long stored = count(c, "SELECT COUNT(*) FROM audit_events");
            long storedWindows = count(c, "SELECT COUNT(*) FROM usage_windows WHERE developer_id = '" + DEVELOPER + "'");
            result.put("auditEventsStored", stored);
            result.put("usageWindowsStored", storedWindows);
            if (stored != events || storedWindows != windows) {
                throw new IllegalStateException("the database holds " + stored + " events and " + storedWindows
                        + " windows, not " + events + " and " + windows);
            }
        }
        try (Stream<Path> files = Files.list(db.getParent())) {
            long bytes = files.mapToLong(f -> f.toFile().length()).sum();
            result.put("databaseMiB", Math.round(bytes / 1024.0 / 1024.0));
        }
        return result;
    }

    private static long count(Connection c, String sql) throws Exception {
        try (var statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Map<String, String> reportingEnv(String bootstrap, String run, Path data, int port, String token, int days) {
        Map<String, String> env = new HashMap<>();
        env.put("KEYTRAIL_KAFKA_BOOTSTRAP", bootstrap);
        env.put("KEYTRAIL_TOPIC_PREFIX", run + ".");
        env.put("KEYTRAIL_TOPIC_PARTITIONS", Integer.toString(PARTITIONS));
        env.put("KEYTRAIL_REPORTING_GROUP_ID", run);
        env.put("KEYTRAIL_DATA_DIR", data.toString());
        env.put("KEYTRAIL_REPORTING_PORT", Integer.toString(port));
        env.put("KEYTRAIL_ADMIN_TOKEN", token);
        // The oldest events are exactly `days` old: keep them past the first retention sweep.
        env.put("KEYTRAIL_RETENTION_AUDIT_DAYS", Integer.toString(days + 30));
        env.putAll(extraEnv());
        return env;
    }

    static String reportingJvm() {
        return System.getProperty("bench.reportingJvm", DEPLOYED_JVM);
    }

    private static Map<String, String> extraEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String pair : System.getProperty("bench.reportingEnv", "").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                env.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return env;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
