package io.keytrail.reporting.reports;

import io.keytrail.events.Topics;
import io.keytrail.reporting.db.IngestPosition;
import io.keytrail.reporting.db.IngestProgressReadDao;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * Up to when a report's data is complete: for each partition of the topics the report is built
 * from, the later of the last stored record's time and the last time ingest found the partition
 * read to its end; the earliest of those over all partitions. {@code null} while any of the topics
 * has never been ingested, since nothing can then be promised.
 */
public final class Completeness {
    /** The topics reports are built from. */
    public enum Source {
        USAGE(Topics::usage),
        KEY_USAGE(Topics::keyUsage),
        LAST_SEEN(Topics::lastSeen),
        AUTH_SUCCESS(Topics::authSuccess),
        AUTH_FAILURE(Topics::authFailure),
        KEY_EVENTS(Topics::keyEvents),
        ALERTS(Topics::alerts);

        private final Function<Topics, String> topic;

        Source(Function<Topics, String> topic) {
            this.topic = topic;
        }
    }

    private final Jdbi jdbi;
    private final Topics topics;

    public Completeness(Jdbi jdbi, Topics topics) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    public Instant upTo(Source... sources) {
        Set<String> names = new LinkedHashSet<>();
        for (Source source : sources) {
            names.add(source.topic.apply(topics));
        }
        Map<String, Instant> perTopic = new HashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (IngestPosition position : jdbi.withExtension(IngestProgressReadDao.class, dao -> dao.positions(names))) {
            Instant complete = position.completeUpTo();
            if (complete == null) {
                unknown.add(position.topic());
            } else {
                perTopic.merge(position.topic(), complete, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        if (!unknown.isEmpty() || !perTopic.keySet().containsAll(names)) {
            return null;
        }
        return perTopic.values().stream().min(Instant::compareTo).orElse(null);
    }
}
