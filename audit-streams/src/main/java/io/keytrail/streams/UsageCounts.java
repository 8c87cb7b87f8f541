package io.keytrail.streams;

import io.keytrail.events.AuthEvent;
import java.time.Instant;

/**
 * The running totals of one developer's window while it is open. It lives in the window store and
 * its changelog topic, so its JSON form must stay readable by the next version of this application:
 * add fields, never rename them.
 */
record UsageCounts(long success, long failure, Instant lastEventTime) {

    static UsageCounts empty() {
        return new UsageCounts(0, 0, null);
    }

    UsageCounts add(AuthEvent event) {
        Instant last = lastEventTime == null || event.time().isAfter(lastEventTime) ? event.time() : lastEventTime;
        return event.success()
                ? new UsageCounts(success + 1, failure, last)
                : new UsageCounts(success, failure + 1, last);
    }
}
