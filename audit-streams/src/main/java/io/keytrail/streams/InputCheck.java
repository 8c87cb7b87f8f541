package io.keytrail.streams;

import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.keytrail.events.AuthEvent;
import io.keytrail.events.DeadLetter;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The gate in front of every aggregate: parses the raw record and lets through only auth events
 * that can be counted correctly, stamped with their event time. Everything else becomes a
 * {@link DeadLetter} with the reason, and is counted in the {@code dead-letter-total} metric per
 * reason (group {@code stream-keytrail-metrics}). Nothing here throws: one bad record must never
 * stop the application or, worse, reach a window as a wrong count.
 *
 * <p>Times are checked against the wall clock because a far-future event time would advance
 * stream time and close every open window for the events that follow.
 */
final class InputCheck extends ContextualProcessor<byte[], byte[], String, InputCheck.Checked> {
    private static final int MAX_DETAIL = 500;

    /** Either a valid event or the dead letter it became. */
    record Checked(AuthEvent event, DeadLetter deadLetter) {
    }

    private final InputSettings settings;
    private final JsonSerde<AuthEvent> serde = EventSerdes.authEvent();
    private final Map<DeadLetter.Reason, Sensor> deadLetters = new EnumMap<>(DeadLetter.Reason.class);

    InputCheck(InputSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void init(ProcessorContext<String, Checked> context) {
        super.init(context);
        for (DeadLetter.Reason reason : DeadLetter.Reason.values()) {
            deadLetters.put(reason, context.metrics().addRateTotalSensor("keytrail", reason.name().toLowerCase(),
                    "dead-letter", org.apache.kafka.common.metrics.Sensor.RecordingLevel.INFO));
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            // A tombstone on an event topic carries nothing to count; it is not an error either.
            return;
        }
        AuthEvent event;
        try {
            event = serde.deserialize(topic(), record.value());
        } catch (RuntimeException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ValueInstantiationException v && v.getCause() instanceof NullPointerException npe) {
                reject(record, DeadLetter.Reason.MISSING_FIELD, npe.getMessage() + " is missing");
            } else if (cause instanceof ValueInstantiationException v && v.getCause() instanceof IllegalArgumentException iae) {
                // The record's own rules: a failure needs a reason, a success has none.
                reject(record, iae.getMessage().contains("needs") ? DeadLetter.Reason.MISSING_FIELD
                        : DeadLetter.Reason.INVALID_FIELD, iae.getMessage());
            } else {
                reject(record, DeadLetter.Reason.UNREADABLE, String.valueOf(cause == null ? e : cause.getMessage()));
            }
            return;
        }
        if (event.schemaVersion() != AuthEvent.SCHEMA_VERSION) {
            reject(record, DeadLetter.Reason.UNKNOWN_SCHEMA_VERSION, "schemaVersion " + event.schemaVersion()
                    + " is not known (" + AuthEvent.SCHEMA_VERSION + " is)");
            return;
        }
        String problem = missing(event);
        if (problem != null) {
            reject(record, DeadLetter.Reason.MISSING_FIELD, problem + " is missing");
            return;
        }
        if (event.status() < 100 || event.status() > 599) {
            reject(record, DeadLetter.Reason.INVALID_FIELD, "status " + event.status() + " is not an HTTP status");
            return;
        }
        if (event.latency().totalMicros() < 0) {
            reject(record, DeadLetter.Reason.INVALID_FIELD, "latency.totalMicros is negative");
            return;
        }
        problem = tooLong(event);
        if (problem != null) {
            reject(record, DeadLetter.Reason.FIELD_TOO_LONG, problem + " is longer than " + settings.maxFieldLength()
                    + " characters");
            return;
        }
        long now = context().currentSystemTimeMs();
        long time = event.time().toEpochMilli();
        if (time > now + settings.maxFutureSkew().toMillis()) {
            reject(record, DeadLetter.Reason.TIME_IN_FUTURE, "time " + event.time() + " is more than "
                    + settings.maxFutureSkew() + " after the clock (" + Instant.ofEpochMilli(now) + ")");
            return;
        }
        if (time < now - settings.maxAge().toMillis()) {
            reject(record, DeadLetter.Reason.TIME_TOO_OLD, "time " + event.time() + " is more than "
                    + settings.maxAge() + " before the clock (" + Instant.ofEpochMilli(now) + ")");
            return;
        }
        // The input key travels on: the topology counts in place the events keyed as the contract says.
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        context().forward(new Record<>(key, new Checked(event, null), time));
    }

    private static String missing(AuthEvent event) {
        if (event.status() == 0) {
            return "status";
        }
        if (event.latency() == null) {
            return "latency";
        }
        return null;
    }

    private String tooLong(AuthEvent event) {
        int max = settings.maxFieldLength();
        String[][] fields = {
                {"eventId", event.eventId()}, {"requestId", event.requestId()}, {"gatewayNode", event.gatewayNode()},
                {"apiId", event.apiId()}, {"route", event.route()}, {"method", event.method()},
                {"path", event.path()}, {"developerId", event.developerId()}, {"projectId", event.projectId()},
                {"client.ip", event.client() == null ? null : event.client().ip()},
                {"credential.keyId", event.credential() == null ? null : event.credential().keyId()},
                {"credential.keyHint", event.credential() == null ? null : event.credential().keyHint()}};
        for (String[] field : fields) {
            if (field[1] != null && field[1].length() > max) {
                return field[0];
            }
        }
        return null;
    }

    private void reject(Record<byte[], byte[]> record, DeadLetter.Reason reason, String detail) {
        deadLetters.get(reason).record();
        RecordMetadata meta = context().recordMetadata().orElse(null);
        String topic = meta == null ? "unknown" : meta.topic();
        int partition = meta == null ? -1 : meta.partition();
        long offset = meta == null ? -1 : meta.offset();
        byte[] value = record.value();
        String key = record.key() == null ? null : cut(new String(record.key(), StandardCharsets.UTF_8));
        DeadLetter letter = new DeadLetter(DeadLetter.SCHEMA_VERSION, reason, cut(detail), topic, Math.max(partition, 0),
                Math.max(offset, 0), record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null, key,
                value.length, value.length <= DeadLetter.MAX_VALUE_BYTES ? value
                        : Arrays.copyOf(value, DeadLetter.MAX_VALUE_BYTES));
        context().forward(new Record<>(DeadLetter.key(topic, partition, offset), new Checked(null, letter),
                record.timestamp()));
    }

    private String topic() {
        return context().recordMetadata().map(RecordMetadata::topic).orElse("unknown");
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL - 3) + "...";
    }
}
