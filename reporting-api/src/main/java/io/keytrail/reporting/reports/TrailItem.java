package io.keytrail.reporting.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/** One item of the trail: an authentication decision ({@code AUTH}) or a key lifecycle event ({@code KEY}). */
public sealed interface TrailItem {
    String kind();

    String eventId();

    Instant time();

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"kind", "eventId", "time"})
    record Auth(String eventId, Instant time, String type, String requestId, String apiId, String route,
                String method, String path, int status, Long latencyMicros, String clientIp, String userAgent,
                String keyId, String keyHint, String credentialLocation, List<String> authMethods,
                String developerId, String projectId, String reason) implements TrailItem {
        @Override
        @JsonProperty("kind")
        public String kind() {
            return "AUTH";
        }
    }

    /** {@code actor} is who did it (an admin, or {@code system} for expiry). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"kind", "eventId", "time"})
    record Key(String eventId, Instant time, String type, String keyId, String projectId, String developerId,
               String actor, List<String> changes, String relatedKeyId) implements TrailItem {
        @Override
        @JsonProperty("kind")
        public String kind() {
            return "KEY";
        }
    }
}
