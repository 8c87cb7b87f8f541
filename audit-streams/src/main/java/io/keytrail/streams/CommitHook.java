package io.keytrail.streams;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A state store that holds nothing and tells its owner when the task commits: Kafka Streams flushes
 * every {@link CachedStateStore} of a task while preparing a commit, before it flushes the producer
 * and commits the transaction with the input offsets (and likewise before a task is suspended or
 * closed cleanly). {@link SubjectAggregator} writes its changed windows into their changelogged
 * stores and publishes them there, so they are part of the same transaction as the input they
 * count — exactly what Kafka Streams' own record cache does, without its per-event serialization.
 *
 * <p>This relies on {@code CachedStateStore}, an internal interface of Kafka Streams (pinned in the
 * parent pom); StreamsKillIT and the topology tests fail if a new version stops calling it.
 */
final class CommitHook implements StateStore, CachedStateStore<Object, Object> {
    private final String name;
    private Runnable onCommit = () -> { };
    private Runnable onDiscard = () -> { };
    private boolean open;

    private CommitHook(String name) {
        this.name = name;
    }

    /** {@code onCommit} runs before every commit; {@code onDiscard} when uncommitted work must be forgotten. */
    void bind(Runnable onCommit, Runnable onDiscard) {
        this.onCommit = Objects.requireNonNull(onCommit, "onCommit");
        this.onDiscard = Objects.requireNonNull(onDiscard, "onDiscard");
    }

    @Override
    public void flushCache() {
        onCommit.run();
    }

    @Override
    public void clearCache() {
        onDiscard.run();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // Registered like any store (nothing to restore), so the task's state manager flushes it.
        context.register(root, (key, value) -> { });
        open = true;
    }

    @Override
    public void close() {
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Position getPosition() {
        return Position.emptyPosition();
    }

    /** Builds the hook; it has no changelog and no cache of its own. */
    static StoreBuilder<CommitHook> builder(String name) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<CommitHook> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitHook> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitHook> withLoggingEnabled(Map<String, String> config) {
                throw new UnsupportedOperationException("the commit hook holds no state to log");
            }

            @Override
            public StoreBuilder<CommitHook> withLoggingDisabled() {
                return this;
            }

            @Override
            public CommitHook build() {
                return new CommitHook(name);
            }

            @Override
            public Map<String, String> logConfig() {
                return Map.of();
            }

            @Override
            public boolean loggingEnabled() {
                return false;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
