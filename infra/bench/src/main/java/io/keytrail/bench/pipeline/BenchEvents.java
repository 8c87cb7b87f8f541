package io.keytrail.bench.pipeline;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthEventType;
import io.keytrail.events.AuthMethod;
import io.keytrail.events.CredentialLocation;
import io.keytrail.events.EventIds;
import io.keytrail.events.FailureReason;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmark's auth events, shaped like a busy gateway's: developers with several keys, two APIs
 * with several routes and methods, thousands of client IPs, skewed latencies, and a share of
 * failures whose key still resolved to a developer (revoked, expired, forbidden API, rate limited),
 * so every event lands in a developer's usage window and the windows' totals can be checked
 * against the count produced. Deterministic for a given seed.
 */
public final class BenchEvents {
    static final int KEYS_PER_DEVELOPER = 3;
    static final int CLIENT_IPS = 5_000;
    private static final String[][] ROUTES = {
            {"orders", "/orders"}, {"orders", "/orders/{id}"}, {"orders", "/orders/{id}/items"},
            {"orders", "/carts"}, {"catalog", "/products"}, {"catalog", "/products/{id}"},
            {"catalog", "/search"}, {"catalog", "/categories"}};
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
    private static final FailureReason[] REASONS = {FailureReason.REVOKED_KEY, FailureReason.EXPIRED_KEY,
            FailureReason.FORBIDDEN_API, FailureReason.RATE_LIMITED};
    private static final int[] REASON_STATUS = {401, 401, 403, 429};

    private final String run;
    private final int developers;
    private final double failureShare;
    private final SplittableRandom random;

    public BenchEvents(String run, int developers, double failureShare, long seed) {
        if (developers < 1 || failureShare < 0 || failureShare > 1) {
            throw new IllegalArgumentException("developers " + developers + ", failure share " + failureShare);
        }
        this.run = run;
        this.developers = developers;
        this.failureShare = failureShare;
        this.random = new SplittableRandom(seed);
    }

    String developer(int index) {
        return run + "-dev-" + index;
    }

    /** The next event, at {@code time}; its developer is also the record key the gateway would use. */
    public AuthEvent next(Instant time) {
        int d = random.nextInt(developers);
        return next(time, d, developer(d));
    }

    /** The next event of developer number {@code d}, named {@code developer}, at {@code time}. */
    public AuthEvent next(Instant time, int d, String developer) {
        String key = run + "-key-" + d + "-" + random.nextInt(KEYS_PER_DEVELOPER);
        String[] route = ROUTES[random.nextInt(ROUTES.length)];
        String method = METHODS[random.nextInt(METHODS.length)];
        // Each developer's traffic comes from its own few hundred addresses, a few of them shared.
        int ip = (d * 97 + random.nextInt(300)) % CLIENT_IPS;
        String clientIp = "10." + (ip >> 16 & 255) + "." + (ip >> 8 & 255) + "." + (ip & 255);
        // Long-tailed latency: mostly around a millisecond, some tens of milliseconds.
        long totalMicros = 300 + (long) (-Math.log(1 - random.nextDouble()) * (random.nextInt(20) == 0 ? 20_000 : 900));
        boolean ok = random.nextDouble() >= failureShare;
        int reason = random.nextInt(REASONS.length);
        return new AuthEvent(AuthEvent.SCHEMA_VERSION, EventIds.next(),
                ok ? AuthEventType.AUTH_SUCCESS : AuthEventType.AUTH_FAILURE, time, "req-" + random.nextLong(),
                "bench-gw", route[0], route[1], method, route[1].replace("{id}", Integer.toString(random.nextInt(10_000))),
                ok ? 200 : REASON_STATUS[reason], new AuthEvent.Latency(totalMicros, ok ? totalMicros / 2 : null),
                new AuthEvent.Client(clientIp, "bench/1.0"),
                new AuthEvent.Credential(key, "Ab3d", CredentialLocation.HEADER, List.of(AuthMethod.KEY)),
                developer, run + "-proj-" + d, ok ? null : REASONS[reason]);
    }
}
