package io.keytrail.gateway.config;

import io.keytrail.events.Topics;

/** The cluster the gateway reads keys from and publishes audit events to. */
public record KafkaSettings(String bootstrap, String topicPrefix, Integer topicPartitions, Short replicationFactor) {
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
    }

    public Topics topics() {
        return new Topics(topicPrefix);
    }
}
