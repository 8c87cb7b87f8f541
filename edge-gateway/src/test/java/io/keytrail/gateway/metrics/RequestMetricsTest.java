package io.keytrail.gateway.metrics;

import static io.keytrail.gateway.support.TestGateway.api;
import static io.keytrail.gateway.support.TestGateway.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.support.TestGateway;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests counted and timed by API and outcome, as Prometheus scrapes them. */
class RequestMetricsTest {
    static final String KEY = "M3tr1csM3tr1csM3tr1csM3tr1csM3t1";

    private TestGateway gateway;

    @BeforeEach
    void start() {
        KeyRegistry registry = new KeyRegistry();
        registry.apply(new KeyRecord(1, "key_m", sha256(KEY), "M3tr", "shop", "alice", KeyStatus.ACTIVE,
                Instant.now().minusSeconds(60), null, List.of(), 1, null, null));
        gateway = new TestGateway(stub -> List.of(
                api("orders", "/orders", URI.create(stub.url()), true),
                api("open", "/open", URI.create(stub.url()), false)), registry, Clock.systemUTC(), null, 2);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void everyRequestIsCountedByApiAndOutcome() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, gateway.send(gateway.get("/orders/1").header("x-apim-key", KEY)).statusCode());
        }
        assertEquals(401, gateway.send(gateway.get("/orders/1").header("x-apim-key", "Unkn0wnUnkn0wnUnkn0wnUnkn0wn12")).statusCode());
        assertEquals(401, gateway.send(gateway.get("/orders/1")).statusCode());
        assertEquals(200, gateway.send(gateway.get("/open/1")).statusCode());
        assertEquals(404, gateway.send(gateway.get("/nowhere")).statusCode());
        // Completion listeners run after the client has its answer.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (count("none", "none") < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(3, count("orders", "success"));
        assertEquals(1, count("orders", "unknown_key"));
        assertEquals(1, count("orders", "missing_key"));
        assertEquals(1, count("open", "none"));
        assertEquals(1, count("none", "none"));
        String scrape = gateway.metrics.scrape();
        assertTrue(scrape.contains("keytrail_gateway_requests_seconds_bucket{api=\"orders\""), scrape);
        assertTrue(!scrape.contains(KEY), "no key in metrics");
    }

    private long count(String api, String outcome) {
        Matcher m = Pattern.compile("keytrail_gateway_requests_seconds_count\\{api=\"" + api + "\",outcome=\"" + outcome
                + "\"} ([0-9.]+)").matcher(gateway.metrics.scrape());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
