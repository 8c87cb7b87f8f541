package io.keytrail.gateway.config;

import io.keytrail.events.Topics;

import java.time.Duration;

/**
 * The cluster the gateway reads keys from and publishes audit events to, and how the gateway
 * creates the topics it finds missing at start-up.
 *
 * @param eventRetentionHours how long the auth topics keep events when the gateway creates them
 */
public record KafkaSettings(String bootstrap, String topicPrefix, Integer topicPartitions, Short replicationFactor,
        Integer eventRetentionHours) {
    public static final int DEFAULT_EVENT_RETENTION_HOURS = (int) Topics.DEFAULT_EVENT_RETENTION.toHours();

    /** With the default event retention. */
    public KafkaSettings(String bootstrap, String topicPrefix, Integer topicPartitions, Short replicationFactor) {
        this(bootstrap, topicPrefix, topicPartitions, replicationFactor, null);
    }

    public KafkaSettings {
        if (bootstrap == null || bootstrap.isBlank()) {
            bootstrap = "127.0.0.1:9092";
        }
        if (!bootstrap.matches("[A-Za-z0-9.\\-_\\[\\]:]+(,[A-Za-z0-9.\\-_\\[\\]:]+)*")) {
            throw new ConfigException("bootstrap", "must be a comma-separated host:port list, got '" + bootstrap + "'");
        }
        topicPrefix = topicPrefix == null ? Topics.DEFAULT_PREFIX : topicPrefix;
        try {
            new Topics(topicPrefix);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("topic-prefix", e.getMessage());
        }
        topicPartitions = topicPartitions == null ? 3 : topicPartitions;
        if (topicPartitions < 1) {
            throw new ConfigException("topic-partitions", "must be at least 1, got " + topicPartitions);
        }
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        if (replicationFactor < 1) {
            throw new ConfigException("replication-factor", "must be at least 1, got " + replicationFactor);
        }
        eventRetentionHours = eventRetentionHours == null ? DEFAULT_EVENT_RETENTION_HOURS : eventRetentionHours;
        if (eventRetentionHours < 1 || eventRetentionHours > 87_600) {
            throw new ConfigException("event-retention-hours", "must be between 1 and 87600, got " + eventRetentionHours);
        }
    }

    public Duration eventRetention() {
        return Duration.ofHours(eventRetentionHours);
    }

    public Topics topics() {
        return new Topics(topicPrefix);
    }
}
