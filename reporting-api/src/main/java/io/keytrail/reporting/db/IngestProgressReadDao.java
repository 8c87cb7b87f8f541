package io.keytrail.reporting.db;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Reads how far ingest has got, for the {@code completeUpTo} of every report. */
@RegisterConstructorMapper(IngestPosition.class)
public interface IngestProgressReadDao {
    /** Every partition's position of the given topics; one row per partition, so few rows. */
    @SqlQuery("""
            SELECT topic, partition_id, stored_up_to, caught_up_at
              FROM ingest_progress
             WHERE topic IN (<topics>)
             ORDER BY topic, partition_id
            """)
    List<IngestPosition> positions(@BindList("topics") Collection<String> topics);
}
