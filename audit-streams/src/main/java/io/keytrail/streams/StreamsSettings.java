package io.keytrail.streams;

import io.keytrail.events.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything audit-streams needs to know to run, validated when constructed so a bad value stops
 * the process at start-up with a message naming the setting instead of failing later inside Kafka.
 *
 * <p>Sources, later ones winning: the defaults here, an optional {@code .properties} file, then
 * environment variables. A blank value counts as not set, so {@code KEYTRAIL_X=} in a deployment
 * descriptor falls back instead of failing.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>file key</th><th>environment variable</th><th>default</th></tr>
 *   <tr><td>{@code kafka.bootstrap}</td><td>{@code KEYTRAIL_KAFKA_BOOTSTRAP}</td><td>{@code 127.0.0.1:9092}</td></tr>
 *   <tr><td>{@code streams.application-id}</td><td>{@code KEYTRAIL_STREAMS_APP_ID}</td><td>{@code keytrail-audit-streams}</td></tr>
 *   <tr><td>{@code data.dir}</td><td>{@code KEYTRAIL_DATA_DIR}</td><td>{@code .keytrail}</td></tr>
 *   <tr><td>{@code streams.state-dir}</td><td>{@code KEYTRAIL_STREAMS_STATE_DIR}</td><td>{@code <data.dir>/streams}</td></tr>
 *   <tr><td>{@code streams.commit-interval-ms}</td><td>{@code KEYTRAIL_STREAMS_COMMIT_INTERVAL_MS}</td><td>{@code 100}</td></tr>
 *   <tr><td>{@code streams.commit-max-interval-ms}</td><td>{@code KEYTRAIL_STREAMS_COMMIT_MAX_INTERVAL_MS}</td><td>{@code 1000}, or the commit interval when that is longer</td></tr>
 *   <tr><td>{@code streams.threads}</td><td>{@code KEYTRAIL_STREAMS_THREADS}</td><td>{@code 1}</td></tr>
 *   <tr><td>{@code topics.prefix}</td><td>{@code KEYTRAIL_TOPIC_PREFIX}</td><td>{@code keytrail.}</td></tr>
 *   <tr><td>{@code topics.partitions}</td><td>{@code KEYTRAIL_TOPIC_PARTITIONS}</td><td>{@code 3}</td></tr>
 *   <tr><td>{@code topics.replication-factor}</td><td>{@code KEYTRAIL_TOPIC_REPLICATION_FACTOR}</td><td>{@code 1}</td></tr>
 *   <tr><td>{@code streams.windows.grace-ms}</td><td>{@code KEYTRAIL_STREAMS_GRACE_MS}</td><td>{@code 30000}</td></tr>
 *   <tr><td>{@code streams.input.max-future-skew-ms}</td><td>{@code KEYTRAIL_STREAMS_MAX_FUTURE_SKEW_MS}</td><td>{@code 300000}</td></tr>
 *   <tr><td>{@code streams.input.max-age-ms}</td><td>{@code KEYTRAIL_STREAMS_MAX_AGE_MS}</td><td>{@code 604800000}</td></tr>
 *   <tr><td>{@code streams.input.max-field-length}</td><td></td><td>{@code 2048}</td></tr>
 *   <tr><td>{@code streams.alerts.ip-failures}</td><td>{@code KEYTRAIL_STREAMS_ALERT_IP_FAILURES}</td><td>{@code 50}</td></tr>
 *   <tr><td>{@code streams.alerts.key-failures}</td><td>{@code KEYTRAIL_STREAMS_ALERT_KEY_FAILURES}</td><td>{@code 20}</td></tr>
 *   <tr><td>{@code streams.alerts.failure-window-ms}</td><td></td><td>{@code 60000}</td></tr>
 *   <tr><td>{@code streams.alerts.dead-key-window-ms}</td><td></td><td>{@code 3600000}</td></tr>
 *   <tr><td>{@code streams.alerts.key-ips}</td><td>{@code KEYTRAIL_STREAMS_ALERT_KEY_IPS}</td><td>{@code 20}</td></tr>
 *   <tr><td>{@code streams.alerts.key-ip-window-ms}</td><td></td><td>{@code 3600000}</td></tr>
 *   <tr><td>{@code streams.alerts.ip-late-ms}</td><td>{@code KEYTRAIL_STREAMS_ALERT_IP_LATE_MS}</td><td>{@code 21600000}</td></tr>
 * </table>
 *
 * <p>An explicit state directory wins over one derived from the data directory, whatever their
 * sources. Keys under {@code streams.} belong to this application, so an unknown one is rejected
 * as a typo; other keys are ignored, because one file may configure several keytrail services.
 *
 * @param stateDir       where Kafka Streams keeps its local state; one directory per instance
 * @param commit         how often results are committed, which bounds the usage topics' freshness
 * @param topicPartitions partitions of the topics this application creates when they are missing
 * @param threads        stream threads of this instance (1–64); tasks, not threads, bound the
 *                       parallelism, so more threads than partitions × 4 sub-topologies idle
 */
public record StreamsSettings(
        String bootstrapServers,
        String applicationId,
        Path stateDir,
        CommitPacing commit,
        String topicPrefix,
        int topicPartitions,
        short topicReplicationFactor,
        WindowSettings windows,
        InputSettings input,
        AlertSettings alerts,
        int threads) {

    public static final String BOOTSTRAP = "kafka.bootstrap";
    public static final String APPLICATION_ID = "streams.application-id";
    public static final String DATA_DIR = "data.dir";
    public static final String STATE_DIR = "streams.state-dir";
    public static final String COMMIT_INTERVAL_MS = CommitPacing.INTERVAL_MS;
    public static final String COMMIT_MAX_INTERVAL_MS = CommitPacing.MAX_INTERVAL_MS;
    public static final String TOPIC_PREFIX = "topics.prefix";
    public static final String TOPIC_PARTITIONS = "topics.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "topics.replication-factor";
    public static final String THREADS = "streams.threads";

    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
    public static final String DEFAULT_APPLICATION_ID = "keytrail-audit-streams";
    public static final String DEFAULT_DATA_DIR = ".keytrail";
    public static final Duration DEFAULT_COMMIT_INTERVAL = CommitPacing.DEFAULT_INTERVAL;
    public static final int DEFAULT_TOPIC_PARTITIONS = 3;
    public static final short DEFAULT_TOPIC_REPLICATION_FACTOR = 1;
    public static final int DEFAULT_THREADS = 1;
    static final int MAX_THREADS = 64;

    /** Which environment variable overrides which file key. */
    static final Map<String, String> ENV_OVERRIDES = Map.ofEntries(
            Map.entry("KEYTRAIL_KAFKA_BOOTSTRAP", BOOTSTRAP),
            Map.entry("KEYTRAIL_STREAMS_APP_ID", APPLICATION_ID),
            Map.entry("KEYTRAIL_DATA_DIR", DATA_DIR),
            Map.entry("KEYTRAIL_STREAMS_STATE_DIR", STATE_DIR),
            Map.entry("KEYTRAIL_STREAMS_COMMIT_INTERVAL_MS", COMMIT_INTERVAL_MS),
            Map.entry("KEYTRAIL_STREAMS_COMMIT_MAX_INTERVAL_MS", COMMIT_MAX_INTERVAL_MS),
            Map.entry("KEYTRAIL_STREAMS_THREADS", THREADS),
            Map.entry("KEYTRAIL_TOPIC_PREFIX", TOPIC_PREFIX),
            Map.entry("KEYTRAIL_TOPIC_PARTITIONS", TOPIC_PARTITIONS),
            Map.entry("KEYTRAIL_TOPIC_REPLICATION_FACTOR", TOPIC_REPLICATION_FACTOR),
            Map.entry("KEYTRAIL_STREAMS_GRACE_MS", WindowSettings.GRACE_MS),
            Map.entry("KEYTRAIL_STREAMS_MAX_FUTURE_SKEW_MS", InputSettings.MAX_FUTURE_SKEW_MS),
            Map.entry("KEYTRAIL_STREAMS_MAX_AGE_MS", InputSettings.MAX_AGE_MS),
            Map.entry("KEYTRAIL_STREAMS_ALERT_IP_FAILURES", AlertSettings.IP_FAILURES),
            Map.entry("KEYTRAIL_STREAMS_ALERT_KEY_FAILURES", AlertSettings.KEY_FAILURES),
            Map.entry("KEYTRAIL_STREAMS_ALERT_KEY_IPS", AlertSettings.KEY_IPS),
            Map.entry("KEYTRAIL_STREAMS_ALERT_IP_LATE_MS", AlertSettings.IP_LATE_MS));

    private static final Set<String> OWN_KEYS = Set.of(APPLICATION_ID, STATE_DIR, COMMIT_INTERVAL_MS, COMMIT_MAX_INTERVAL_MS, THREADS,
            WindowSettings.GRACE_MS, InputSettings.MAX_FUTURE_SKEW_MS, InputSettings.MAX_AGE_MS,
            InputSettings.MAX_FIELD_LENGTH, AlertSettings.IP_FAILURES, AlertSettings.KEY_FAILURES,
            AlertSettings.FAILURE_WINDOW_MS, AlertSettings.DEAD_KEY_WINDOW_MS, AlertSettings.KEY_IPS,
            AlertSettings.KEY_IP_WINDOW_MS, AlertSettings.IP_LATE_MS);
    // Kafka uses the application id in group ids and internal topic names.
    private static final Pattern APPLICATION_ID_PATTERN = Pattern.compile("[A-Za-z0-9._-]+");

    public StreamsSettings {
        bootstrapServers = validBootstrap(bootstrapServers);
        if (applicationId == null || !APPLICATION_ID_PATTERN.matcher(applicationId).matches()) {
            throw new SettingsException(APPLICATION_ID,
                    "must be letters, digits, '.', '_' or '-', got " + quoted(applicationId));
        }
        if (stateDir == null) {
            throw new SettingsException(STATE_DIR, "must be set");
        }
        Objects.requireNonNull(commit, "commit");
        try {
            new Topics(Objects.requireNonNull(topicPrefix, "topic prefix"));
        } catch (RuntimeException e) {
            throw new SettingsException(TOPIC_PREFIX, "may hold only letters, digits, '.', '_' and '-', got "
                    + quoted(topicPrefix));
        }
        if (topicPartitions < 1) {
            throw new SettingsException(TOPIC_PARTITIONS, "must be a positive integer, got '" + topicPartitions + "'");
        }
        if (topicReplicationFactor < 1) {
            throw new SettingsException(TOPIC_REPLICATION_FACTOR,
                    "must be a positive integer, got '" + topicReplicationFactor + "'");
        }
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(alerts, "alerts");
        if (threads < 1 || threads > MAX_THREADS) {
            throw new SettingsException(THREADS, "must be between 1 and " + MAX_THREADS + ", got '" + threads + "'");
        }
    }

    /** Settings with one stream thread, committing every {@code commitInterval} or less often when commits get costly ({@link CommitPacing#of}). */
    public StreamsSettings(String bootstrapServers, String applicationId, Path stateDir, Duration commitInterval,
                           String topicPrefix, int topicPartitions, short topicReplicationFactor, WindowSettings windows,
                           InputSettings input, AlertSettings alerts) {
        this(bootstrapServers, applicationId, stateDir, CommitPacing.of(commitInterval), topicPrefix, topicPartitions,
                topicReplicationFactor, windows, input, alerts, DEFAULT_THREADS);
    }

    /** Settings with the default windows, input limits and alert thresholds. */
    public StreamsSettings(String bootstrapServers, String applicationId, Path stateDir, Duration commitInterval,
                           String topicPrefix, int topicPartitions, short topicReplicationFactor) {
        this(bootstrapServers, applicationId, stateDir, commitInterval, topicPrefix, topicPartitions,
                topicReplicationFactor, WindowSettings.DEFAULTS, InputSettings.DEFAULTS, AlertSettings.DEFAULTS);
    }

    /** The settings with every default, state under {@code .keytrail/streams}. */
    public static StreamsSettings defaults() {
        return load(null, Map.of());
    }

    /**
     * Reads {@code configFile} when given, then applies the overrides in {@code env}.
     *
     * @throws SettingsException naming the setting when a value is invalid or the file unreadable
     */
    public static StreamsSettings load(Path configFile, Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        Map<String, String> values = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        if (configFile != null) {
            Properties file = read(configFile);
            for (String key : file.stringPropertyNames()) {
                if (key.startsWith("streams.") && !OWN_KEYS.contains(key)) {
                    throw new SettingsException(key, "unknown setting").from(configFile.toString());
                }
                put(values, sources, key, file.getProperty(key), configFile.toString());
            }
        }
        ENV_OVERRIDES.forEach((variable, key) -> put(values, sources, key, env.get(variable), "environment variable " + variable));

        try {
            Path dataDir = Path.of(values.getOrDefault(DATA_DIR, DEFAULT_DATA_DIR));
            Path stateDir = values.containsKey(STATE_DIR) ? Path.of(values.get(STATE_DIR)) : dataDir.resolve("streams");
            return new StreamsSettings(
                    values.getOrDefault(BOOTSTRAP, DEFAULT_BOOTSTRAP),
                    values.getOrDefault(APPLICATION_ID, DEFAULT_APPLICATION_ID),
                    stateDir,
                    commitPacing(values),
                    values.getOrDefault(TOPIC_PREFIX, Topics.DEFAULT_PREFIX),
                    positiveInt(values, TOPIC_PARTITIONS, DEFAULT_TOPIC_PARTITIONS),
                    replicationFactor(values),
                    new WindowSettings(Duration.ofMillis(nonNegativeLong(values, WindowSettings.GRACE_MS,
                            WindowSettings.DEFAULTS.grace().toMillis()))),
                    new InputSettings(
                            millis(values, InputSettings.MAX_FUTURE_SKEW_MS, InputSettings.DEFAULTS.maxFutureSkew()),
                            millis(values, InputSettings.MAX_AGE_MS, InputSettings.DEFAULTS.maxAge()),
                            positiveInt(values, InputSettings.MAX_FIELD_LENGTH, InputSettings.DEFAULTS.maxFieldLength())),
                    new AlertSettings(
                            positiveInt(values, AlertSettings.IP_FAILURES, AlertSettings.DEFAULTS.ipFailures()),
                            positiveInt(values, AlertSettings.KEY_FAILURES, AlertSettings.DEFAULTS.keyFailures()),
                            millis(values, AlertSettings.FAILURE_WINDOW_MS, AlertSettings.DEFAULTS.failureWindow()),
                            millis(values, AlertSettings.DEAD_KEY_WINDOW_MS, AlertSettings.DEFAULTS.deadKeyWindow()),
                            positiveInt(values, AlertSettings.KEY_IPS, AlertSettings.DEFAULTS.keyIps()),
                            millis(values, AlertSettings.KEY_IP_WINDOW_MS, AlertSettings.DEFAULTS.keyIpWindow()),
                            Duration.ofMillis(nonNegativeLong(values, AlertSettings.IP_LATE_MS,
                                    AlertSettings.DEFAULTS.ipLate().toMillis()))),
                    positiveInt(values, THREADS, DEFAULT_THREADS));
        } catch (SettingsException e) {
            throw e.from(sources.get(e.key()));
        } catch (InvalidPathException e) {
            // Only the two paths can get here; name the one that was set.
            String key = values.containsKey(STATE_DIR) ? STATE_DIR : DATA_DIR;
            throw new SettingsException(key, "is not a valid path: " + e.getMessage()).from(sources.get(key));
        }
    }

    /** How often results are committed at most. */
    public Duration commitInterval() {
        return commit.interval();
    }

    /** The topic names under this installation's prefix. */
    public Topics topics() {
        return new Topics(topicPrefix);
    }

    private static CommitPacing commitPacing(Map<String, String> values) {
        Duration interval = Duration.ofMillis(positiveInt(values, COMMIT_INTERVAL_MS, (int) DEFAULT_COMMIT_INTERVAL.toMillis()));
        return values.containsKey(COMMIT_MAX_INTERVAL_MS)
                ? new CommitPacing(interval, Duration.ofMillis(positiveInt(values, COMMIT_MAX_INTERVAL_MS, 1)))
                : CommitPacing.of(interval);
    }

    private static Properties read(Path configFile) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return properties;
        } catch (IOException | IllegalArgumentException e) {
            throw new SettingsException("config file " + configFile, "cannot be read: " + e);
        }
    }

    private static void put(Map<String, String> values, Map<String, String> sources, String key, String value, String source) {
        if (value != null && !value.isBlank()) {
            values.put(key, value.trim());
            sources.put(key, source);
        }
    }

    private static int positiveInt(Map<String, String> values, String key, int fallback) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw new SettingsException(key, "must be a positive integer, got '" + raw + "'");
    }

    private static Duration millis(Map<String, String> values, String key, Duration fallback) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        long value = nonNegativeLong(values, key, 0);
        if (value < 1) {
            throw new SettingsException(key, "must be a positive number of milliseconds, got '" + raw + "'");
        }
        return Duration.ofMillis(value);
    }

    private static long nonNegativeLong(Map<String, String> values, String key, long fallback) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw new SettingsException(key, "must be a number of milliseconds, got '" + raw + "'");
    }

    private static short replicationFactor(Map<String, String> values) {
        int value = positiveInt(values, TOPIC_REPLICATION_FACTOR, DEFAULT_TOPIC_REPLICATION_FACTOR);
        if (value > Short.MAX_VALUE) {
            throw new SettingsException(TOPIC_REPLICATION_FACTOR, "must be at most " + Short.MAX_VALUE + ", got '" + value + "'");
        }
        return (short) value;
    }

    private static String validBootstrap(String bootstrap) {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new SettingsException(BOOTSTRAP, "must list at least one host:port");
        }
        String normalized = bootstrap.replace(" ", "");
        for (String server : normalized.split(",", -1)) {
            int colon = server.lastIndexOf(':');
            boolean valid = colon > 0 && colon < server.length() - 1;
            if (valid) {
                try {
                    int port = Integer.parseInt(server.substring(colon + 1));
                    valid = port >= 1 && port <= 65535;
                } catch (NumberFormatException e) {
                    valid = false;
                }
            }
            if (!valid) {
                throw new SettingsException(BOOTSTRAP, "must be a comma-separated list of host:port, got '" + bootstrap + "'");
            }
        }
        return normalized;
    }

    private static String quoted(String value) {
        return value == null ? "none" : "'" + value + "'";
    }
}
