package io.keytrail.streams;

import io.keytrail.events.AuthEvent;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The distinct client IPs one key was used from in one window, remembered exactly up to the
 * alert threshold and no further, so the state per key stays bounded. {@code reached} is true
 * only on the update that added the threshold-th IP: that update, and no other, raises the alert.
 */
record IpSet(Set<String> ips, boolean reached, Instant lastTime, String developerId, String projectId) {

    static IpSet empty() {
        return new IpSet(Set.of(), false, null, null, null);
    }

    IpSet add(AuthEvent event, int threshold) {
        String ip = event.client().ip();
        if (ips.size() >= threshold || ips.contains(ip)) {
            return new IpSet(ips, false, lastTime, developerId, projectId);
        }
        Set<String> more = new LinkedHashSet<>(ips);
        more.add(ip);
        return new IpSet(more, more.size() == threshold, event.time(), event.developerId(), event.projectId());
    }
}
