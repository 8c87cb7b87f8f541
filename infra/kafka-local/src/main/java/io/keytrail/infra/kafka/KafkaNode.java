package io.keytrail.infra.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One combined broker-and-controller KRaft node listening on 127.0.0.1. The storage is formatted
 * on first start and kept in {@code dataDir}, so a restart finds its topics again.
 */
public final class KafkaNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaNode.class);

    private final Path dataDir;
    private final int port;
    private final KafkaRaftServer server;

    private KafkaNode(Path dataDir, int port, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.port = port;
        this.server = server;
    }

    /**
     * Formats {@code dataDir} if it is new, starts the node and waits until it answers clients.
     *
     * @param port           the client (PLAINTEXT) port; 0 picks a free one
     * @param controllerPort the KRaft controller port; 0 picks a free one. Keep it fixed across
     *                       restarts of one data directory: the quorum remembers it.
     */
    public static KafkaNode start(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {
        int clientPort = port == 0 ? freePort() : port;
        int quorumPort = controllerPort == 0 ? freePort() : controllerPort;
        Map<String, String> settings = settings(dataDir, clientPort, quorumPort);
        settings.putAll(overrides);
        try {
            Files.createDirectories(dataDir);
            Path propsFile = dataDir.resolve("server.properties");
            Properties props = new Properties();
            props.putAll(settings);
            try (OutputStream out = Files.newOutputStream(propsFile)) {
                props.store(out, "written by keytrail on every start");
            }
            if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
                format(propsFile);
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            KafkaNode node = new KafkaNode(dataDir, clientPort, server);
            node.awaitReady(Duration.ofSeconds(60));
            LOG.info("Kafka broker ready on 127.0.0.1:{} (data in {})", clientPort, dataDir);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka data directory " + dataDir, e);
        }
    }

    static Map<String, String> settings(Path dataDir, int port, int controllerPort) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("process.roles", "broker,controller");
        s.put("node.id", "1");
        s.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        s.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        s.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        s.put("controller.listener.names", "CONTROLLER");
        s.put("inter.broker.listener.name", "PLAINTEXT");
        s.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        s.put("log.dirs", dataDir.resolve("logs").toAbsolutePath().toString());
        // A single node: every internal topic must live with one replica, or groups, transactions
        // and Streams wait forever for replicas that will never exist.
        s.put("offsets.topic.replication.factor", "1");
        s.put("offsets.topic.num.partitions", "5");
        s.put("transaction.state.log.replication.factor", "1");
        s.put("transaction.state.log.min.isr", "1");
        s.put("transaction.state.log.num.partitions", "5");
        s.put("share.coordinator.state.topic.replication.factor", "1");
        s.put("share.coordinator.state.topic.min.isr", "1");
        s.put("default.replication.factor", "1");
        s.put("min.insync.replicas", "1");
        s.put("num.partitions", "3");
        // Services create their topics with the right policies; a typo must not create a new one.
        s.put("auto.create.topics.enable", "false");
        s.put("group.initial.rebalance.delay.ms", "0");
        // Small footprint: this runs beside the services on a 2-core machine.
        s.put("num.network.threads", "2");
        s.put("num.io.threads", "2");
        s.put("background.threads", "2");
        s.put("num.recovery.threads.per.data.dir", "1");
        s.put("log.cleaner.threads", "1");
        s.put("log.cleaner.dedupe.buffer.size", "16777216");
        return s;
    }

    private static void format(Path propsFile) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String[] args = {"format", "--standalone", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString()};
        int exit;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(args, out);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage: " + e.getMessage(), e);
        }
        if (exit != 0) {
            throw new IllegalStateException("cannot format Kafka storage: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka on port " + port + " not ready within " + timeout, e);
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /**
     * Runs a node in this JVM until SIGINT or SIGTERM. Arguments: {@code --data-dir DIR --port N
     * --controller-port N}; the local stack starts it this way.
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Path dataDir = Path.of(options.getOrDefault("--data-dir", ".keytrail/kafka"));
        int port = Integer.parseInt(options.getOrDefault("--port", "9092"));
        int controllerPort = Integer.parseInt(options.getOrDefault("--controller-port", Integer.toString(port + 1)));
        KafkaNode node = start(dataDir, port, controllerPort, Map.of());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping Kafka broker");
            node.close();
            stopped.countDown();
        }, "kafka-shutdown"));
        System.out.println("KAFKA_READY " + node.bootstrapServers());
        stopped.await();
    }
}
