package io.keytrail.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes an {@link AuthEvent} field by field, in the form databind would give it under
 * {@link Json}'s settings (record component order, ISO-8601 time, absent instead of null).
 *
 * <p>Why it exists: the gateway writes one event per request on its publisher thread, and a JFR
 * profile under load put about four fifths of that thread in databind's per-property dispatch
 * (reflective accessor calls, property writers, a serializer provider per call) rather than in the
 * bytes. Field names are encoded once here. {@code AuthEventSerializerTest} holds this writer to
 * plain databind's output for every combination of absent fields, so the two cannot drift apart.
 * The serde ({@link EventSerdes#authEvent()}) writes events that need no escaping with
 * {@link AuthEventBytes} instead, and comes here for the rest.
 */
final class AuthEventSerializer extends StdSerializer<AuthEvent> {
    private static final SerializedString SCHEMA_VERSION = new SerializedString("schemaVersion");
    private static final SerializedString EVENT_ID = new SerializedString("eventId");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString TIME = new SerializedString("time");
    private static final SerializedString REQUEST_ID = new SerializedString("requestId");
    private static final SerializedString GATEWAY_NODE = new SerializedString("gatewayNode");
    private static final SerializedString API_ID = new SerializedString("apiId");
    private static final SerializedString ROUTE = new SerializedString("route");
    private static final SerializedString METHOD = new SerializedString("method");
    private static final SerializedString PATH = new SerializedString("path");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString LATENCY = new SerializedString("latency");
    private static final SerializedString TOTAL_MICROS = new SerializedString("totalMicros");
    private static final SerializedString UPSTREAM_MICROS = new SerializedString("upstreamMicros");
    private static final SerializedString CLIENT = new SerializedString("client");
    private static final SerializedString IP = new SerializedString("ip");
    private static final SerializedString USER_AGENT = new SerializedString("userAgent");
    private static final SerializedString CREDENTIAL = new SerializedString("credential");
    private static final SerializedString KEY_ID = new SerializedString("keyId");
    private static final SerializedString KEY_HINT = new SerializedString("keyHint");
    private static final SerializedString LOCATION = new SerializedString("location");
    private static final SerializedString METHODS = new SerializedString("methods");
    private static final SerializedString DEVELOPER_ID = new SerializedString("developerId");
    private static final SerializedString PROJECT_ID = new SerializedString("projectId");
    private static final SerializedString REASON = new SerializedString("reason");

    AuthEventSerializer() {
        super(AuthEvent.class);
    }

    @Override
    public void serialize(AuthEvent event, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeStartObject(event);
        gen.writeFieldName(SCHEMA_VERSION);
        gen.writeNumber(event.schemaVersion());
        string(gen, EVENT_ID, event.eventId());
        string(gen, TYPE, event.type().name());
        string(gen, TIME, DateTimeFormatter.ISO_INSTANT.format(event.time()));
        string(gen, REQUEST_ID, event.requestId());
        string(gen, GATEWAY_NODE, event.gatewayNode());
        string(gen, API_ID, event.apiId());
        string(gen, ROUTE, event.route());
        string(gen, METHOD, event.method());
        string(gen, PATH, event.path());
        gen.writeFieldName(STATUS);
        gen.writeNumber(event.status());
        AuthEvent.Latency latency = event.latency();
        if (latency != null) {
            gen.writeFieldName(LATENCY);
            gen.writeStartObject(latency);
            gen.writeFieldName(TOTAL_MICROS);
            gen.writeNumber(latency.totalMicros());
            if (latency.upstreamMicros() != null) {
                gen.writeFieldName(UPSTREAM_MICROS);
                gen.writeNumber(latency.upstreamMicros().longValue());
            }
            gen.writeEndObject();
        }
        AuthEvent.Client client = event.client();
        if (client != null) {
            gen.writeFieldName(CLIENT);
            gen.writeStartObject(client);
            string(gen, IP, client.ip());
            string(gen, USER_AGENT, client.userAgent());
            gen.writeEndObject();
        }
        AuthEvent.Credential credential = event.credential();
        if (credential != null) {
            gen.writeFieldName(CREDENTIAL);
            gen.writeStartObject(credential);
            string(gen, KEY_ID, credential.keyId());
            string(gen, KEY_HINT, credential.keyHint());
            if (credential.location() != null) {
                string(gen, LOCATION, credential.location().name());
            }
            gen.writeFieldName(METHODS);
            List<AuthMethod> methods = credential.methods();
            gen.writeStartArray(methods, methods.size());
            for (AuthMethod method : methods) {
                gen.writeString(method.name());
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
        string(gen, DEVELOPER_ID, event.developerId());
        string(gen, PROJECT_ID, event.projectId());
        if (event.reason() != null) {
            string(gen, REASON, event.reason().name());
        }
        gen.writeEndObject();
    }

    private static void string(JsonGenerator gen, SerializedString name, String value) throws IOException {
        if (value != null) {
            gen.writeFieldName(name);
            gen.writeString(value);
        }
    }
}
