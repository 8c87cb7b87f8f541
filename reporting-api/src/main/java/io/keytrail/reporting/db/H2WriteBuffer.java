package io.keytrail.reporting.db;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes the memory an embedded H2 database fills with changed pages before it writes them out
 * (MVStore's {@code autoCommitBufferSize}). H2 builds its MVStore itself and exposes neither the
 * builder option nor a setter, so the value is set on the open store, once, right after start-up.
 * Only the size of the buffer changes: H2 still writes it out after its write delay, and a commit
 * is as durable as before. Where the store is not reachable this way (a server URL, an in-memory
 * database, another H2 version), H2's own size stays and a line says so; nothing else depends on it.
 */
final class H2WriteBuffer {
    private static final Logger LOG = LoggerFactory.getLogger(H2WriteBuffer.class);

    private H2WriteBuffer() {
    }

    /** Sets the buffer of the database behind {@code pool} to {@code megabytes}; true when it took effect. */
    static boolean resize(DataSource pool, int megabytes) {
        try (Connection connection = pool.getConnection()) {
            MVStore store = fileStore(connection);
            if (store == null) {
                LOG.info("H2 write buffer left as it is: the database has no file store to write to");
                return false;
            }
            Field field = MVStore.class.getDeclaredField("autoCommitMemory");
            field.setAccessible(true);
            int before = store.getAutoCommitMemory();
            field.setInt(store, megabytes * 1024 * 1024);
            LOG.info("H2 write buffer {} MiB (H2's own: {} MiB)", megabytes, before / (1024 * 1024));
            return store.getAutoCommitMemory() == megabytes * 1024 * 1024;
        } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
            LOG.warn("H2 write buffer left at H2's own size: {}", e.toString());
            return false;
        }
    }

    /**
     * The MVStore of an embedded database that writes to a file, or null: a remote database, or an
     * in-memory one (a store with nothing to write to).
     */
    static MVStore fileStore(Connection connection) throws SQLException {
        MVStore store = store(connection);
        return store == null || store.getFileStore() == null || store.getAutoCommitMemory() == 0 ? null : store;
    }

    /** The MVStore of an embedded database, or null for a remote one. */
    static MVStore store(Connection connection) throws SQLException {
        if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
            return null;
        }
        return session.getDatabase().getStore() == null ? null : session.getDatabase().getStore().getMvStore();
    }
}
