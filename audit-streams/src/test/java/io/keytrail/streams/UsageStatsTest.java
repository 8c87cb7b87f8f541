package io.keytrail.streams;

import static io.keytrail.events.AuthEventType.AUTH_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.UsageWindow;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounded API and endpoint tables of a window, beyond their bounds. */
class UsageStatsTest {
    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aNewRouteOnAFullApiTableCountsUnderOtherEveryTimeThroughItsEndpointsLink() {
        UsageStats stats = new UsageStats();
        for (int i = 0; i < UsageStats.MAX_APIS - 1; i++) {
            stats.add(event("/r" + i, "GET"));
        }
        // The API table is full; the endpoint table is not: the new endpoint links to the API's (other).
        for (int i = 0; i < 3; i++) {
            stats.add(event("/late", "GET"));
        }
        stats.add(event("/r0", "GET"));

        Map<String, Long> apis = apis(stats);
        assertEquals(UsageStats.MAX_APIS, apis.size());
        assertEquals(3L, apis.get(UsageStats.OTHER + " " + UsageStats.OTHER));
        assertEquals(2L, apis.get("api /r0"));
        assertEquals(UsageStats.MAX_APIS + 3, total(apis));
    }

    @Test
    void theSharedOtherEndpointCountsEachEventUnderItsOwnApi() {
        UsageStats stats = new UsageStats();
        // 199 endpoints on 40 routes fill the endpoint table; the API table keeps room.
        String[] methods = {"GET", "PUT", "POST", "DELETE", "PATCH"};
        for (int i = 0; i < UsageStats.MAX_ENDPOINTS - 1; i++) {
            stats.add(event("/r" + (i / methods.length), methods[i % methods.length]));
        }
        // New endpoints now share (other); their APIs are still told apart, one known, one new.
        stats.add(event("/r0", "HEAD"));
        stats.add(event("/r0", "OPTIONS"));
        stats.add(event("/new", "HEAD"));
        stats.add(event("/new", "HEAD"));

        Map<String, Long> apis = apis(stats);
        assertEquals(5L + 2, apis.get("api /r0"));
        assertEquals(2L, apis.get("api /new"));
        assertEquals(UsageStats.MAX_ENDPOINTS - 1 + 4, total(apis));
        UsageWindow w = stats.toWindow(T, T.plusSeconds(60), false);
        assertEquals(UsageStats.OTHER, w.topEndpoints().get(0).method());
        assertEquals(4, w.topEndpoints().get(0).requests());
    }

    private static AuthEvent event(String route, String method) {
        return AuthEvents.event(AUTH_SUCCESS, "dev-a", "k1", T, null, 200, "api", route, method, 100, "10.0.0.1");
    }

    private static Map<String, Long> apis(UsageStats stats) {
        Map<String, Long> apis = new HashMap<>();
        for (UsageWindow.ApiCount a : stats.toWindow(T, T.plusSeconds(60), false).apis()) {
            apis.put(a.apiId() + " " + a.route(), a.success() + a.failure());
        }
        return apis;
    }

    private static long total(Map<String, Long> apis) {
        return apis.values().stream().mapToLong(Long::longValue).sum();
    }
}
