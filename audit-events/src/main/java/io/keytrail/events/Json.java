package io.keytrail.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;

/**
 * The one JSON configuration of the contract: ISO-8601 times, absent instead of null fields, and
 * tolerance of unknown fields so that adding a field never breaks an older consumer.
 */
public final class Json {
    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private Json() {
    }

    /** A shared, thread-safe mapper configured for the contract. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectMapper configure(ObjectMapper mapper) {
        return contract(mapper).registerModule(new SimpleModule("keytrail-events")
                .addSerializer(AuthEvent.class, new AuthEventSerializer())
                .addDeserializer(Instant.class, new InstantDeserializer()));
    }

    /** The contract's settings alone, which databind applies to every record as they stand. */
    static ObjectMapper contract(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
