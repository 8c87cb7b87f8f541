package io.keytrail.events;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka serde that writes and reads one record type as contract JSON. Null stays null (tombstones). */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
    private final Class<T> type;
    private final ObjectWriter writer;
    private final ObjectReader reader;
    private final Function<T, byte[]> direct;
    private final Function<byte[], T> directRead;

    public JsonSerde(Class<T> type) {
        this(type, value -> null, bytes -> null);
    }

    /**
     * @param direct     writes a value without the mapper, byte for byte as the mapper would, or
     *                   returns {@code null} for values it leaves to the mapper
     * @param directRead reads a value without the mapper, equal to what the mapper would read, or
     *                   returns {@code null} for input it leaves to the mapper
     */
    JsonSerde(Class<T> type, Function<T, byte[]> direct, Function<byte[], T> directRead) {
        this.type = Objects.requireNonNull(type, "type");
        this.writer = Json.mapper().writerFor(type);
        this.reader = Json.mapper().readerFor(type);
        this.direct = Objects.requireNonNull(direct, "direct");
        this.directRead = Objects.requireNonNull(directRead, "directRead");
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        byte[] bytes = direct.apply(data);
        if (bytes != null) {
            return bytes;
        }
        try {
            return writer.writeValueAsBytes(data);
        } catch (IOException e) {
            throw new SerializationException("cannot write " + type.getSimpleName() + " for " + topic, e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        T value = directRead.apply(data);
        if (value != null) {
            return value;
        }
        try {
            return reader.readValue(data);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
