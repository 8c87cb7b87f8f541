package io.keytrail.gateway.config;

/**
 * The connection pool to each of an API's targets (section {@code pool} of an API). Like
 * Undertow's, it is kept per gateway IO thread, so a target sees at most
 * {@code connectionsPerThread} times the IO thread count connections from one gateway.
 *
 * @param connectionsPerThread connections to one target an IO thread may have open at once
 * @param maxQueue             requests an IO thread holds for one target while all its
 *                             connections are busy; they are served in arrival order as
 *                             connections free up, within {@code timeouts.request-ms}. A request
 *                             beyond the queue is tried on the next target, else answered 502.
 */
public record PoolSettings(Integer connectionsPerThread, Integer maxQueue) {
    public static final int DEFAULT_CONNECTIONS_PER_THREAD = 32;
    public static final int DEFAULT_MAX_QUEUE = 1_000;

    public PoolSettings {
        connectionsPerThread = Checks.between("connections-per-thread", connectionsPerThread,
                DEFAULT_CONNECTIONS_PER_THREAD, 1, 10_000);
        maxQueue = Checks.between("max-queue", maxQueue, DEFAULT_MAX_QUEUE, 0, 1_000_000);
    }

    public static PoolSettings defaults() {
        return new PoolSettings(null, null);
    }
}
