package io.keytrail.reporting.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the test PostgreSQL server ({@link TestPostgres}) instead of H2: every
 * {@link TestDatabase} and {@link TestApi} its tests get from {@link TestDatabaseExtension} or
 * {@link TestApiExtension} is then a fresh PostgreSQL database. Put it on a one-line subclass of an
 * H2 test, named {@code ...PostgresIT} so that it runs with the integration tests:
 *
 * <pre>{@code
 * @OnPostgres
 * class ApiKeyDaoPostgresIT extends ApiKeyDaoTest {
 * }
 * }</pre>
 *
 * Without PostgreSQL on the machine the class is skipped, unless {@code KEYTRAIL_REQUIRE_POSTGRES=1}.
 * Not inherited: a subclass of a PostgreSQL test says again where it runs.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestPostgres.Required.class)
public @interface OnPostgres {
}
