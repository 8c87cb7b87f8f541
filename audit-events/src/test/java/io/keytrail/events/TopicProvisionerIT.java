package io.keytrail.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.infra.kafka.KafkaExtension;
import io.keytrail.infra.kafka.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class TopicProvisionerIT {

    @Test
    void createsMissingTopicsWithTheirPoliciesAndIsIdempotent(TestKafka kafka) throws Exception {
        Topics topics = new Topics("provision-" + System.nanoTime() + ".");
        List<NewTopic> wanted = topics.definitions(2, (short) 1, Duration.ofHours(1));
        TopicProvisioner.ensure(kafka.bootstrapServers(), wanted, Duration.ofSeconds(30));
        TopicProvisioner.ensure(kafka.bootstrapServers(), wanted, Duration.ofSeconds(30));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Set<String> names = admin.listTopics().names().get();
            for (NewTopic topic : wanted) {
                assertTrue(names.contains(topic.name()), topic.name());
            }
            assertEquals(2, admin.describeTopics(List.of(topics.authSuccess())).allTopicNames().get()
                    .get(topics.authSuccess()).partitions().size());
            ConfigResource keys = new ConfigResource(ConfigResource.Type.TOPIC, topics.keys());
            ConfigResource success = new ConfigResource(ConfigResource.Type.TOPIC, topics.authSuccess());
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(keys, success)).all().get();
            assertEquals("compact", configs.get(keys).get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            assertEquals("delete", configs.get(success).get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            assertEquals("3600000", configs.get(success).get(TopicConfig.RETENTION_MS_CONFIG).value());
        }
    }

    @Test
    void aRefusedTopicStopsWithAMessageNamingIt(TestKafka kafka) {
        Topics topics = new Topics("refused-" + System.nanoTime() + ".");
        // One broker cannot hold three replicas: the cluster refuses, and the message says which topic.
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> TopicProvisioner.ensure(kafka.bootstrapServers(),
                        topics.definitions(1, (short) 3, Duration.ofHours(1)), Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains(topics.prefix()), e.getMessage());
    }
}
