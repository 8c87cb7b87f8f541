package io.keytrail.streams;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.LastSeen;
import java.time.Instant;

/** First and last event time of a key or developer, as kept in its store. */
record SeenState(Instant firstSeen, Instant lastSeen, Instant lastSuccess, String developerId, String projectId) {

    static SeenState empty() {
        return new SeenState(null, null, null, null, null);
    }

    SeenState add(AuthEvent event) {
        Instant t = event.time();
        return new SeenState(
                firstSeen == null || t.isBefore(firstSeen) ? t : firstSeen,
                lastSeen == null || t.isAfter(lastSeen) ? t : lastSeen,
                event.success() && (lastSuccess == null || t.isAfter(lastSuccess)) ? t : lastSuccess,
                event.developerId() != null ? event.developerId() : developerId,
                event.projectId() != null ? event.projectId() : projectId);
    }

    LastSeen toLastSeen(LastSeen.SubjectType type, String id) {
        return new LastSeen(LastSeen.SCHEMA_VERSION, type, id, developerId, type == LastSeen.SubjectType.KEY ? projectId : null,
                firstSeen, lastSeen, lastSuccess);
    }
}
