package io.keytrail.streams;

import io.keytrail.events.TopicProvisioner;
import io.keytrail.events.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of audit-streams: its topics ensured, its topology running in Kafka Streams
 * with exactly-once processing, so a usage window is never counted twice across a crash or
 * rebalance. Instances with the same application id share the work by partition.
 *
 * <p>A failing stream thread stops the whole instance rather than being replaced: the error is
 * most likely to repeat, and a stopped process is visible to whatever supervises it.
 */
public final class StreamsApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    static final Duration PROVISION_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean failed;
    private boolean closed;

    private StreamsApp(Topology topology, Properties config) {
        this.streams = new KafkaStreams(topology, config);
        streams.setStateListener(this::onStateChange);
        streams.setUncaughtExceptionHandler(this::onStreamThreadFailure);
    }

    /**
     * Creates the missing topics, then starts processing in the background. Returns once Kafka
     * Streams has started; joining the group and restoring state continue asynchronously.
     *
     * @throws StartupException when Kafka refuses or does not answer, or Kafka Streams cannot start
     */
    public static StreamsApp start(StreamsSettings settings) {
        Topics topics = settings.topics();
        try {
            TopicProvisioner.ensure(settings.bootstrapServers(), ownTopics(settings, topics), PROVISION_TIMEOUT);
        } catch (IllegalStateException e) {
            throw new StartupException("cannot provision topics on " + settings.bootstrapServers() + ": " + e.getMessage(), e);
        }
        requireCopartitioned(settings, topics);
        Topology topology = UsageTopology.build(new StreamsBuilder(), topics, settings);
        StreamsApp app;
        try {
            app = new StreamsApp(topology, streamsConfig(settings));
        } catch (RuntimeException e) {
            throw new StartupException("cannot create Kafka Streams: " + e.getMessage(), e);
        }
        try {
            app.streams.start();
        } catch (RuntimeException e) {
            app.close();
            throw new StartupException("cannot start Kafka Streams: " + e.getMessage(), e);
        }
        LOG.info("audit-streams started: application id {}, bootstrap {}, topics {}*, state in {}",
                settings.applicationId(), settings.bootstrapServers(), topics.prefix(), settings.stateDir().toAbsolutePath());
        return app;
    }

    /** The Kafka Streams configuration for {@code settings}; the topology tests run with it too. */
    static Properties streamsConfig(StreamsSettings settings) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
        // The longest interval: the topology asks for commits more often while they are cheap (CommitPacing).
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commit().maxInterval().toMillis());
        config.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                (int) settings.commit().transactionTimeout().toMillis());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        // A task reads both auth topics' partition (and the rare moved events) in event-time order;
        // 0 makes it wait for data already on the broker for an empty partition before picking the
        // next record, so catching up a backlog does not run one topic ahead of the other (-1 would).
        config.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
        // The input is read as bytes and checked by the topology, which sends bad records to the
        // dead-letter topic; this handler only guards the internal topics this application wrote.
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        // Every open window of every developer and key (three sizes each, sketches included) stays in
        // the cache between commits; with the 10 MiB default, a busy instance evicted windows mid-commit,
        // writing each to RocksDB, its changelog and the usage topics several times per commit.
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        // A usage record with its sketches is several KiB: the 16 KiB default batch held two of them.
        config.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        // Internal topics (repartition, changelog) get the same durability as keytrail's own.
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.topicReplicationFactor());
        return config;
    }

    /**
     * Stops start-up unless both auth topics have the same number of partitions. A developer's
     * events are counted where they arrive (see {@link UsageTopology}): with equal partition counts
     * and the producers' default partitioner, a developer's successes and failures land on the same
     * partition number of each topic, which Kafka Streams gives to one task. With different counts
     * they would be counted by two tasks, each publishing its own partial totals for the same window.
     */
    private static void requireCopartitioned(StreamsSettings settings, Topics topics) {
        Map<String, Integer> partitions;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROVISION_TIMEOUT.toMillis()))) {
            partitions = new HashMap<>();
            admin.describeTopics(List.of(topics.authSuccess(), topics.authFailure())).allTopicNames()
                    .get(PROVISION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((name, description) -> partitions.put(name, description.partitions().size()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while describing the auth topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StartupException("cannot describe the auth topics on " + settings.bootstrapServers() + ": "
                    + (e.getCause() == null ? e : e.getCause().getMessage()), e);
        }
        String problem = copartitionProblem(topics, partitions);
        if (problem != null) {
            throw new StartupException(problem, null);
        }
    }

    /** Why the auth topics cannot be counted in place, or null when they can. */
    static String copartitionProblem(Topics topics, Map<String, Integer> partitions) {
        Integer success = partitions.get(topics.authSuccess());
        Integer failure = partitions.get(topics.authFailure());
        if (Objects.equals(success, failure)) {
            return null;
        }
        return topics.authSuccess() + " has " + success + " partitions and " + topics.authFailure() + " has "
                + failure + ": audit-streams counts each developer on the partition its events arrive on, so both"
                + " auth topics need the same partition count (and producers using Kafka's default partitioner)."
                + " Add partitions to the smaller one (kafka-topics --alter --partitions " + Math.max(
                        success == null ? 0 : success, failure == null ? 0 : failure)
                + ") before starting audit-streams";
    }

    /** The topics this application reads or writes; the others are provisioned by their owners. */
    private static List<NewTopic> ownTopics(StreamsSettings settings, Topics topics) {
        Set<String> own = Set.of(topics.authSuccess(), topics.authFailure(), topics.usage(), topics.keyUsage(),
                topics.lastSeen(), topics.alerts(), topics.auditDeadLetters());
        return topics.definitions(settings.topicPartitions(), settings.topicReplicationFactor(), Topics.DEFAULT_EVENT_RETENTION)
                .stream()
                .filter(topic -> own.contains(topic.name()))
                .toList();
    }

    /** True while processing or rebalancing; false once stopped, by {@link #close()} or by an error. */
    /** Commits so far, over all stream threads (Kafka Streams' {@code commit-total}). */
    double commits() {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("commit-total") && e.getKey().group().equals("stream-thread-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    public boolean isRunning() {
        return streams.state().isRunningOrRebalancing();
    }

    /** Blocks until Kafka Streams has stopped, whether closed or failed. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** True when processing stopped because of an error rather than a {@link #close()}. */
    public boolean failed() {
        return failed;
    }

    /** Stops processing, committing what was processed, and waits up to 30 s. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("audit-streams stopping");
        // Leaving the group hands this instance's partitions over at once; otherwise the next
        // start (or a peer) waits out the session timeout before processing resumes.
        CloseOptions options = CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        if (!streams.close(options)) {
            LOG.warn("Kafka Streams did not stop within {}; its state will be recovered on the next start", CLOSE_TIMEOUT);
        } else {
            LOG.info("audit-streams stopped");
        }
    }

    private void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        LOG.info("Kafka Streams {} -> {}", oldState, newState);
        if (newState == KafkaStreams.State.ERROR) {
            failed = true;
        }
        if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
            stopped.countDown();
        }
    }

    private StreamThreadExceptionResponse onStreamThreadFailure(Throwable error) {
        LOG.error("a stream thread failed; stopping audit-streams", error);
        failed = true;
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** audit-streams could not start; the message says why in terms an operator can act on. */
    public static final class StartupException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
