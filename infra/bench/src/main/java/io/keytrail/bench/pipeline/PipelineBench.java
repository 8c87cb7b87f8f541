package io.keytrail.bench.pipeline;

import io.keytrail.bench.gateway.Machine;
import io.keytrail.bench.gateway.WorkDir;
import io.keytrail.bench.registry.RegistryBench;
import io.keytrail.events.AuthEvent;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.Json;
import io.keytrail.events.TopicProvisioner;
import io.keytrail.events.Topics;
import io.keytrail.events.UsageWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Issue 7's two audit-streams figures, against a real broker (its own JVM) with audit-streams as
 * deployed (its own JVM, {@code StreamsMain}, exactly_once_v2):
 *
 * <ol>
 *   <li><b>Sustained throughput</b>: N events are pre-loaded on both auth topics (successes and
 *       failures, spread over some minutes of event time); then audit-streams starts, and the clock
 *       runs from its launch until its one-minute developer windows on {@code usage}, latest record
 *       per window, add up to exactly what was produced, window by window. Sustained means steady
 *       state: the rate over the second half of the events, once JVM start-up, group join and the
 *       JIT's warm-up (about 20 CPU-seconds per run on two cores) are behind; the rate from launch is
 *       reported too. Three million events keep the second half long enough to be steady.</li>
 *   <li><b>Event-to-output latency</b> ({@link LatencyRun}): events at a fixed rate, each stamped
 *       when sent; for each, the time until a committed {@code usage} record first counts it.</li>
 * </ol>
 *
 * Options (system properties): {@code bench.events} (3,000,000), {@code bench.developers} (200),
 * {@code bench.failureShare} (0.1), {@code bench.spanMinutes} (30), {@code bench.rate} (2,000),
 * {@code bench.warmupSeconds} (15), {@code bench.seconds} (60), {@code bench.commitMs} (100, latency run),
 * {@code bench.throughputCommitMs} (100, throughput run),
 * {@code bench.streamsJvm} (the deployed {@value StreamsProcess#DEPLOYED_JVM}),
 * {@code bench.streamsEnv} (extra {@code NAME=value,...} for audit-streams), {@code bench.streamsClasspath}
 * (another audit-streams build, e.g. a baseline's classes, put first on its class path), {@code bench.only}
 * ({@code throughput} or {@code latency}), {@code bench.profile} (JFR on audit-streams during the throughput
 * run, summarised in {@code docs/bench-results/streams-profile.txt}), {@code bench.label}, {@code bench.out}
 * (default {@code docs/bench-results/pipeline.json}). Writes the result file and re-renders
 * {@code docs/benchmarks.md}.
 */
public final class PipelineBench {
    static final int PARTITIONS = 3;
    static final Duration MINUTE = Duration.ofMinutes(1);

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("keytrail.root", ".")).toAbsolutePath().normalize();
        String only = System.getProperty("bench.only", "");
        Path work = WorkDir.create("keytrail-pipeline-");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("label", System.getProperty("bench.label", "pipeline"));
        report.put("machine", Machine.describe());
        report.put("streamsJvm", streamsJvm());
        report.put("streamsEnv", extraEnv());
        if (!System.getProperty("bench.streamsClasspath", "").isBlank()) {
            report.put("streamsClasspath", System.getProperty("bench.streamsClasspath"));
        }
        try (RegistryBench.Broker broker = RegistryBench.Broker.start(work)) {
            if (!only.equals("latency")) {
                report.put("throughput", throughput(broker, work, Integer.getInteger("bench.events", 3_000_000)));
            }
            if (!only.equals("throughput")) {
                report.put("latency", new LatencyRun(broker, work).run());
            }
        } finally {
            WorkDir.delete(work);
        }
        report.put("finishedAt", Instant.now().toString());
        Path out = root.resolve(System.getProperty("bench.out", "docs/bench-results/pipeline.json"));
        Files.createDirectories(out.getParent());
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), report);
        System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        io.keytrail.bench.gateway.BenchReport.main(new String[0]);
    }

    static Map<String, Object> throughput(RegistryBench.Broker broker, Path work, int count) throws Exception {
        String bootstrap = broker.bootstrap();
        String run = "tp" + System.currentTimeMillis();
        Topics topics = new Topics(run + ".");
        provision(bootstrap, topics);
        BenchEvents mix = new BenchEvents(run, Integer.getInteger("bench.developers", 200),
                Double.parseDouble(System.getProperty("bench.failureShare", "0.1")), 7);
        Duration span = Duration.ofMinutes(Integer.getInteger("bench.spanMinutes", 30));
        // The truth, per one-minute developer window: {success, failure}.
        Map<String, long[]> truth = new HashMap<>();
        long failures = 0;
        System.out.printf("pre-loading %,d events on %s and %s ...%n", count, topics.authSuccess(), topics.authFailure());
        Instant first = Instant.now().minus(span);
        try (var producer = new KafkaProducer<>(gatewayProducer(bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                Instant time = first.plusNanos(span.toNanos() / count * i);
                AuthEvent event = mix.next(time);
                String topic = event.success() ? topics.authSuccess() : topics.authFailure();
                producer.send(new ProducerRecord<>(topic, event.developerId(), EventSerdes.authEvent().serialize(topic, event)));
                truth.computeIfAbsent(UsageWindow.key(event.developerId(), windowStart(time), MINUTE), k -> new long[2])
                        [event.success() ? 0 : 1]++;
                failures += event.success() ? 0 : 1;
            }
            producer.flush();
        }
        Map<String, long[]> latest = new HashMap<>();
        long counted = 0;
        long firstOutput = -1;
        // Steady state: the second half of the events, once start-up and the JIT's warm-up are behind.
        long halfAt = -1;
        long countedAtHalf = 0;
        long done;
        double loadBefore = MachineLoad.loadAverage();
        MachineLoad load = MachineLoad.start();
        double brokerCpuBefore = broker.cpuSeconds();
        // The product's default; larger values trade freshness for throughput (fewer window flushes).
        long commitMs = Long.getLong("bench.throughputCommitMs", 100);
        Path log = work.resolve(run + "-streams.log");
        Path recording = work.resolve(run + "-streams.jfr");
        String jvm = streamsJvm() + (Boolean.getBoolean("bench.profile")
                ? " -XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recording : "");
        Map<String, Object> result = new LinkedHashMap<>();
        try (var consumer = usageReader(bootstrap, topics);
             StreamsProcess streams = StreamsProcess.start(jvm, streamsEnv(bootstrap, run, work, commitMs), log)) {
            System.out.printf("audit-streams started (%s); waiting until its usage counts all %,d events ...%n",
                    streamsJvm(), count);
            long deadline = System.nanoTime() + Duration.ofMinutes(Integer.getInteger("bench.timeoutMinutes", 10)).toNanos();
            while (!matches(latest, truth, counted, count)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("usage counted " + counted + " of " + count + " events in time;\n"
                            + streams.tail());
                }
                streams.checkAlive();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    if (isMinuteOf(record, run)) {
                        firstOutput = firstOutput < 0 ? System.nanoTime() : firstOutput;
                        long[] counts = UsageCounts.read(record.value());
                        long[] before = latest.put(record.key(), counts);
                        counted += counts[0] + counts[1] - (before == null ? 0 : before[0] + before[1]);
                    }
                }
                if (halfAt < 0 && counted >= count / 2) {
                    halfAt = System.nanoTime();
                    countedAtHalf = counted;
                }
            }
            done = System.nanoTime();
            double seconds = (done - streams.startedNanos()) / 1e9;
            result.put("events", count);
            result.put("failureEvents", failures);
            result.put("developers", Integer.getInteger("bench.developers", 200));
            result.put("eventTimeSpanMinutes", span.toMinutes());
            result.put("minuteWindows", truth.size());
            result.put("commitIntervalMs", commitMs);
            result.put("secondsUntilFirstOutput", round((firstOutput - streams.startedNanos()) / 1e9));
            result.put("secondsUntilAllCounted", round(seconds));
            result.put("eventsPerSecond", Math.round(count / seconds));
            result.put("eventsPerSecondAfterFirstOutput", Math.round(count / ((done - firstOutput) / 1e9)));
            result.put("eventsPerSecondSecondHalf", Math.round((count - countedAtHalf) / ((done - halfAt) / 1e9)));
            result.put("streamsCpuSeconds", round(streams.cpuSeconds()));
            result.put("brokerCpuSeconds", round(broker.cpuSeconds() - brokerCpuBefore));
            result.put("loadAverageBefore", loadBefore);
            result.put("loadAverageAfter", MachineLoad.loadAverage());
            result.put("machineBusyShare", load.busyShare());
            System.out.printf("audit-streams: %,d events counted %.1f s after launch: %,d events/s (load %.2f -> %.2f)%n",
                    count, seconds, result.get("eventsPerSecond"), loadBefore, result.get("loadAverageAfter"));
        }
        if (Boolean.getBoolean("bench.profile")) {
            // The process has exited (close() above), so the recording is complete.
            String summary = String.format(Locale.ROOT, "audit-streams, throughput run of %,d events (%,d events/s with "
                    + "JFR on); JFR execution samples of its JVM (%s)%n%n", count, result.get("eventsPerSecond"), jvm)
                    + StreamsProfile.summarize(recording, 30);
            Path out = Path.of(System.getProperty("keytrail.root", ".")).resolve("docs/bench-results/streams-profile.txt");
            Files.writeString(out, summary);
            System.out.println(summary);
        }
        return result;
    }

    /** Every window equals the truth: not only the total, so a miscount elsewhere cannot hide in the sum. */
    private static boolean matches(Map<String, long[]> latest, Map<String, long[]> truth, long counted, long count) {
        if (counted != count) {
            return false;
        }
        for (Map.Entry<String, long[]> e : truth.entrySet()) {
            long[] seen = latest.get(e.getKey());
            if (seen == null || seen[0] != e.getValue()[0] || seen[1] != e.getValue()[1]) {
                return false;
            }
        }
        return latest.size() == truth.size();
    }

    /** A one-minute developer window of this run (by its key: developer|start|size), with a value. */
    static boolean isMinuteOf(ConsumerRecord<String, byte[]> record, String run) {
        return record.value() != null && record.key() != null && record.key().startsWith(run)
                && record.key().endsWith("|" + MINUTE);
    }

    static Instant windowStart(Instant time) {
        long ms = time.toEpochMilli();
        return Instant.ofEpochMilli(ms - ms % MINUTE.toMillis());
    }

    /** The topics audit-streams reads and writes, created up front so the reader can subscribe before it starts. */
    static void provision(String bootstrap, Topics topics) {
        Set<String> own = Set.of(topics.authSuccess(), topics.authFailure(), topics.usage(), topics.keyUsage(),
                topics.lastSeen(), topics.alerts(), topics.auditDeadLetters());
        TopicProvisioner.ensure(bootstrap, topics.definitions(PARTITIONS, (short) 1, Topics.DEFAULT_EVENT_RETENTION)
                .stream().filter(t -> own.contains(t.name())).toList(), Duration.ofSeconds(30));
    }

    /** The gateway's audit producer settings ({@code KafkaAuditPublisher}), so the input is batched as in production. */
    public static Properties gatewayProducer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "25");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return props;
    }

    /** A committed-only reader of the whole usage topic from its beginning. */
    static KafkaConsumer<String, byte[]> usageReader(String bootstrap, Topics topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Bounds how long a committed record can sit on the broker unseen when nothing else arrives.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topics.usage()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    static Map<String, String> streamsEnv(String bootstrap, String run, Path work, long commitMs) {
        Map<String, String> env = new HashMap<>();
        env.put("KEYTRAIL_KAFKA_BOOTSTRAP", bootstrap);
        env.put("KEYTRAIL_STREAMS_APP_ID", run);
        env.put("KEYTRAIL_TOPIC_PREFIX", run + ".");
        env.put("KEYTRAIL_TOPIC_PARTITIONS", Integer.toString(PARTITIONS));
        env.put("KEYTRAIL_STREAMS_STATE_DIR", work.resolve(run + "-state").toString());
        env.put("KEYTRAIL_STREAMS_COMMIT_INTERVAL_MS", Long.toString(commitMs));
        env.putAll(extraEnv());
        return env;
    }

    static String streamsJvm() {
        return System.getProperty("bench.streamsJvm", StreamsProcess.DEPLOYED_JVM);
    }

    private static Map<String, String> extraEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String pair : System.getProperty("bench.streamsEnv", "").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                env.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return env;
    }

    public static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
