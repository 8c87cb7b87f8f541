package io.keytrail.streams;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.FailureReason;
import java.time.Instant;

/**
 * What an alert rule keeps per subject and window: how many matching events, and enough of the
 * last one to write the alert. Lives in a window store with caching off, so every increment is
 * seen downstream and the alert fires exactly when the count reaches the threshold.
 */
record AlertCount(long count, Instant lastTime, String developerId, String projectId, FailureReason reason) {

    static AlertCount empty() {
        return new AlertCount(0, null, null, null, null);
    }

    AlertCount add(AuthEvent event) {
        return new AlertCount(count + 1, event.time(), event.developerId(), event.projectId(), event.reason());
    }
}
