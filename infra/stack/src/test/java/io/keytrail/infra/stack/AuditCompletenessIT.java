package io.keytrail.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.events.Topics;
import io.keytrail.gateway.GatewayApp;
import io.keytrail.gateway.audit.PublisherStats;
import io.keytrail.gateway.config.ApiSettings;
import io.keytrail.gateway.config.AuditSettings;
import io.keytrail.gateway.config.AuditSpoolSettings;
import io.keytrail.gateway.config.GatewaySettings;
import io.keytrail.gateway.config.KafkaSettings;
import io.keytrail.gateway.config.KeyAuthDefaults;
import io.keytrail.gateway.config.KeyAuthSettings;
import io.keytrail.gateway.config.ServerSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No audit event is lost to a Kafka outage. A gateway serves a steady stream of requests (valid
 * and unknown keys) for 80 s while its broker, a real one in its own JVM, is stopped twice for over
 * 20 s: once cleanly (SIGTERM), once killed (SIGKILL), each time restarted on the same data. Every
 * request that got a response must then have its event on the auth topics, matched by request id:
 * 0 missing. Duplicates are allowed (consumers deduplicate by event id) and reported, with the
 * figures, in {@code target/audit-completeness.txt}.
 */
class AuditCompletenessIT {
    static final String KEY = "C0mpl3t3C0mpl3t3C0mpl3t3C0mpl3t3";
    static final Duration RUN = Duration.ofSeconds(80);
    static final long INTERVAL_MICROS = 5_000;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Integer> answered = new ConcurrentHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final Map<String, Integer> errorKinds = new ConcurrentHashMap<>();

    @Test
    void everyAnsweredRequestHasItsEventAfterTwoBrokerOutages() throws Exception {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        int port = freePort();
        int controllerPort = freePort();
        String bootstrap = "127.0.0.1:" + port;
        Topics topics = new Topics("complete-" + System.nanoTime() + ".");
        Broker broker = new Broker(root, dir.resolve("kafka"), port, controllerPort, dir.resolve("logs"));
        broker.start();
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        try (EchoUpstream upstream = new EchoUpstream("127.0.0.1", 0);
             GatewayApp gateway = startGateway(bootstrap, topics, upstream)) {
            publishKey(bootstrap, topics);
            String url = "http://127.0.0.1:" + gateway.port() + "/echo/x";
            awaitKeyAccepted(url);

            long started = System.nanoTime();
            load.scheduleAtFixedRate(() -> fire(url), 0, INTERVAL_MICROS, TimeUnit.MICROSECONDS);
            sleepUntil(started, 8);
            broker.process.stop(Duration.ofSeconds(20));
            log("broker stopped cleanly at " + secondsSince(started) + " s");
            sleepUntil(started, 30);
            broker.start();
            log("broker back at " + secondsSince(started) + " s");
            sleepUntil(started, 42);
            broker.process.kill();
            log("broker killed at " + secondsSince(started) + " s");
            sleepUntil(started, 64);
            broker.start();
            log("broker back at " + secondsSince(started) + " s");
            sleepUntil(started, RUN.toSeconds());
            load.shutdown();
            assertTrue(load.awaitTermination(10, TimeUnit.SECONDS));
            Thread.sleep(3_000);

            awaitDrained(gateway);
            Map<String, Integer> events = consume(bootstrap, topics, answered.keySet().size());
            int missing = 0;
            long duplicates = 0;
            for (String requestId : answered.keySet()) {
                int count = events.getOrDefault(requestId, 0);
                if (count == 0) {
                    missing++;
                }
                duplicates += Math.max(0, count - 1);
            }
            PublisherStats.Snapshot stats = gateway.auditStats();
            String report = String.format("""
                    audit completeness (%s)
                    requests sent %d, answered %d (%d client errors while the gateway was up)
                    events on the topics for answered requests: missing %d, duplicates %d
                    publisher: published %d, spooled %d, replayed %d, lost %d
                    statuses: %s
                    client errors: %s
                    """, Instant.now(), sent.get(), answered.size(), errors.get(), missing, duplicates,
                    stats.published(), stats.spooled(), stats.replayed(), stats.lost(), statuses(), errorKinds);
            log(report);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "audit-completeness.txt"), report);
            assertTrue(answered.size() >= RUN.toSeconds() * 150, "a steady stream was served: " + answered.size());
            assertTrue(stats.spooled() > 0, "the outages sent events to the spool");
            assertEquals(0, missing, report);
            assertEquals(0, stats.lost(), report);
        } finally {
            load.shutdownNow();
            broker.process.stop(Duration.ofSeconds(20));
        }
    }

    private void fire(String url) {
        String requestId = "c-" + sent.incrementAndGet();
        String key = sent.get() % 3 == 0 ? "Unkn0wnUnkn0wnUnkn0wnUnkn0wnUnk1" : KEY;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("x-apim-key", key).header("X-Request-Id", requestId).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null) {
                answered.put(requestId, response.statusCode());
            } else {
                errors.incrementAndGet();
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                errorKinds.merge(cause.getClass().getSimpleName() + ": " + cause.getMessage(), 1, Integer::sum);
            }
        });
    }

    private Map<Integer, Long> statuses() {
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        answered.values().forEach(status -> counts.merge(status, 1L, Long::sum));
        return counts;
    }

    private GatewayApp startGateway(String bootstrap, Topics topics, EchoUpstream upstream) {
        GatewaySettings settings = new GatewaySettings(
                new ServerSettings("127.0.0.1", 0, 0, "gw-complete"),
                new KafkaSettings(bootstrap, topics.prefix(), 3, (short) 1),
                new KeyAuthDefaults(null),
                new AuditSettings(null, 1_000, new AuditSpoolSettings(dir.resolve("spool").toString(), null, null,
                        "interval", 200L, "drop-oldest")),
                List.of(new ApiSettings("echo", "/echo", URI.create("http://127.0.0.1:" + upstream.port()), true,
                        new ApiSettings.Policies(new KeyAuthSettings(true, null, null)))),
                null,
                new io.keytrail.gateway.config.FailedAuthProtectionSettings(false, null, null, null, null));
        return GatewayApp.start(settings);
    }

    private static void publishKey(String bootstrap, Topics topics) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        KeyRecord record = new KeyRecord(1, "key_complete", sha256(KEY), "C0mp", "shop", "alice", KeyStatus.ACTIVE,
                Instant.now(), null, List.of(), 1, null, null);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), EventSerdes.keyRecord())) {
            producer.send(new ProducerRecord<>(topics.keys(), record.keyId(), record)).get();
        }
    }

    private void awaitKeyAccepted(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            int status = http.send(HttpRequest.newBuilder(URI.create(url)).header("x-apim-key", KEY).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the gateway never accepted the key");
            Thread.sleep(50);
        }
    }

    private static void awaitDrained(GatewayApp gateway) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            PublisherStats.Snapshot stats = gateway.auditStats();
            if (!stats.spooling() && stats.buffered() == 0 && stats.spoolPending() == 0
                    && stats.published() + stats.lost() >= stats.accepted()) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the spool did not drain: " + stats);
            Thread.sleep(200);
        }
    }

    /** Request id to number of events, reading both auth topics until {@code expected} ids showed up and then 5 s more. */
    private static Map<String, Integer> consume(String bootstrap, Topics topics, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "completeness-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        Map<String, Integer> counts = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.authSuccess(), topics.authFailure()));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    AuthEvent event = EventSerdes.authEvent().deserialize(record.topic(), record.value());
                    counts.merge(event.requestId(), 1, Integer::sum);
                }
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                } else if (counts.size() >= expected && System.nanoTime() - quietSince > 5_000_000_000L) {
                    break;
                } else if (System.nanoTime() - quietSince > 20_000_000_000L) {
                    break;
                }
            }
        }
        return counts;
    }

    /** The broker in its own JVM, restartable on the same data, ports and log directory. */
    static final class Broker {
        final Path root;
        final Path data;
        final int port;
        final int controllerPort;
        final Path logs;
        ServiceProcess process;

        Broker(Path root, Path data, int port, int controllerPort, Path logs) {
            this.root = root;
            this.data = data;
            this.port = port;
            this.controllerPort = controllerPort;
            this.logs = logs;
        }

        void start() throws IOException, InterruptedException {
            process = ServiceProcess.start("kafka", root.resolve("infra/kafka-local"), "io.keytrail.infra.kafka.KafkaNode",
                    List.of("-Xms128m", "-Xmx512m"), List.of("--data-dir", data.toString(), "--port",
                            Integer.toString(port), "--controller-port", Integer.toString(controllerPort)),
                    Map.of(), logs);
            process.awaitReady(() -> process.printed("KAFKA_READY"), Duration.ofSeconds(60));
        }
    }

    private static void sleepUntil(long started, long second) throws InterruptedException {
        long wait = started + second * 1_000_000_000L - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private static long secondsSince(long started) {
        return (System.nanoTime() - started) / 1_000_000_000L;
    }

    private static void log(String line) {
        System.out.println("[audit-completeness] " + line);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
