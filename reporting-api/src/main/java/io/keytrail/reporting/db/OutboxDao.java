package io.keytrail.reporting.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The transactional outbox: append inside the transaction of a change, publish later in id order.
 */
@RegisterConstructorMapper(OutboxRow.class)
public interface OutboxDao {
    String COLUMNS = "id, topic, record_key, payload, created_at, published_at";

    /**
     * @param payload the record value as JSON text, {@code null} for a tombstone
     * @return the row's id, which is its place in the publishing order
     */
    @SqlUpdate("""
            INSERT INTO outbox (topic, record_key, payload, created_at)
            VALUES (:topic, :recordKey, :payload, :createdAt)
            """)
    @GetGeneratedKeys("id")
    long append(@Bind("topic") String topic, @Bind("recordKey") String recordKey, @Bind("payload") String payload,
                @Bind("createdAt") Instant createdAt);

    /** The oldest rows not yet acknowledged by Kafka, oldest first. */
    @SqlQuery("SELECT " + COLUMNS + """
             FROM outbox
            WHERE published_at IS NULL
            ORDER BY id
            FETCH FIRST :limit ROWS ONLY
            """)
    List<OutboxRow> unpublished(@Bind("limit") int limit);

    @SqlUpdate("""
            UPDATE outbox SET published_at = :publishedAt
             WHERE id IN (<ids>) AND published_at IS NULL
            """)
    int markPublished(@BindList("ids") List<Long> ids, @Bind("publishedAt") Instant publishedAt);

    @SqlQuery("SELECT COUNT(*) FROM outbox WHERE published_at IS NULL")
    long countUnpublished();

    @SqlQuery("SELECT " + COLUMNS + " FROM outbox WHERE id = :id")
    Optional<OutboxRow> find(@Bind("id") long id);
}
