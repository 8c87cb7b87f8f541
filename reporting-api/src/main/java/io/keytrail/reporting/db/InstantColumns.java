package io.keytrail.reporting.db;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.ColumnMapper;

/**
 * Binds and reads {@link Instant}s as UTC {@link OffsetDateTime}s. Jdbi's default goes through
 * {@code java.sql.Timestamp}, which converts via the JVM's time zone and can shift an instant by
 * an hour around daylight-saving changes; JDBC 4.2 offset values do not, on H2 and PostgreSQL alike.
 */
final class InstantColumns {
    private InstantColumns() {
    }

    static void install(Jdbi jdbi) {
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.TIMESTAMP_WITH_TIMEZONE) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                OffsetDateTime utc = value.atOffset(ZoneOffset.UTC);
                return (position, statement, context) -> statement.setObject(position, utc);
            }
        });
        ColumnMapper<Instant> mapper = (resultSet, column, context) -> {
            OffsetDateTime value = resultSet.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        };
        jdbi.registerColumnMapper(Instant.class, mapper);
    }
}
