package io.keytrail.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * keytrail's topic names under one configurable prefix, and how each topic is created: time
 * retention for event streams, compaction for the topics that hold the latest state per key.
 */
public final class Topics {
    public static final String DEFAULT_PREFIX = "keytrail.";
    public static final Duration DEFAULT_EVENT_RETENTION = Duration.ofDays(7);

    private final String prefix;

    public Topics(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("topic prefix may hold only letters, digits, '.', '_' and '-': " + prefix);
        }
        this.prefix = prefix;
    }

    public static Topics withDefaultPrefix() {
        return new Topics(DEFAULT_PREFIX);
    }

    public String prefix() {
        return prefix;
    }

    /** Successful authentications, keyed by developer id. */
    public String authSuccess() {
        return prefix + "auth-success";
    }

    /** Failed authentications, keyed by developer id when the key resolved, else by client IP. */
    public String authFailure() {
        return prefix + "auth-failure";
    }

    /** The key registry: latest {@link KeyRecord} per key id, tombstone when deleted. Compacted. */
    public String keys() {
        return prefix + "keys";
    }

    /** Key lifecycle events: created, revealed, rotated, revoked, expired, and by whom. */
    public String keyEvents() {
        return prefix + "key-events";
    }

    /** Latest {@link UsageWindow} per developer and window. Compacted. */
    public String usage() {
        return prefix + "usage";
    }

    /** Anomalies found by audit-streams, keyed by subject (client IP or key id). */
    public String alerts() {
        return prefix + "alerts";
    }

    /** Latest {@link UsageWindow} per key and window, the key's project on each. Compacted. */
    public String keyUsage() {
        return prefix + "key-usage";
    }

    /** Latest {@link LastSeen} per key and per developer. Compacted. */
    public String lastSeen() {
        return prefix + "last-seen";
    }

    /** Input records audit-streams could not count, as {@link DeadLetter}s with the reason. */
    public String auditDeadLetters() {
        return prefix + "audit-dlq";
    }

    /** Every topic with the settings it is created with when missing. */
    public List<NewTopic> definitions(int partitions, short replicationFactor, Duration eventRetention) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1");
        }
        Map<String, String> timed = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(eventRetention.toMillis()));
        Map<String, String> compacted = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        return List.of(
                new NewTopic(authSuccess(), partitions, replicationFactor).configs(timed),
                new NewTopic(authFailure(), partitions, replicationFactor).configs(timed),
                new NewTopic(keys(), partitions, replicationFactor).configs(compacted),
                new NewTopic(keyEvents(), partitions, replicationFactor).configs(timed),
                new NewTopic(usage(), partitions, replicationFactor).configs(compacted),
                new NewTopic(alerts(), partitions, replicationFactor).configs(timed),
                new NewTopic(keyUsage(), partitions, replicationFactor).configs(compacted),
                new NewTopic(lastSeen(), partitions, replicationFactor).configs(compacted),
                new NewTopic(auditDeadLetters(), partitions, replicationFactor).configs(timed));
    }
}
