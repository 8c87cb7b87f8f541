package io.keytrail.infra.kafka;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real Kafka broker, one per test JVM: started by the first test class that asks,
 * shared by the rest, stopped when the JVM's tests are done. Use {@code @ExtendWith(KafkaExtension.class)}
 * and take a {@link TestKafka} parameter, or call {@link #bootstrapServers(ExtensionContext)}.
 */
public final class KafkaExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        broker(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker(context);
    }

    public static String bootstrapServers(ExtensionContext context) {
        return broker(context).bootstrapServers();
    }

    private static TestKafka broker(ExtensionContext context) {
        // The root store lives as long as the test JVM's engine and closes its AutoCloseable values.
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent("broker", key -> TestKafka.start(), TestKafka.class);
    }
}
