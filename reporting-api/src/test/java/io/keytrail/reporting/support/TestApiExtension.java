package io.keytrail.reporting.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test method a fresh {@link TestApi} over a fresh {@link TestDatabase} (H2, or
 * PostgreSQL for a class annotated {@link OnPostgres}), so every test has its own server and
 * database. Resolved as a parameter, typically of a {@code @BeforeEach} method; every parameter
 * resolved within one test gets the same instance. After the test the API is closed and its
 * database removed.
 *
 * <pre>{@code
 * @ExtendWith(TestApiExtension.class)
 * class SomeTest {
 *     private TestApi api;
 *
 *     @BeforeEach
 *     void start(TestApi api) {
 *         this.api = api;
 *     }
 * }
 *
 * @OnPostgres
 * class SomePostgresIT extends SomeTest {
 * }
 * }</pre>
 */
public final class TestApiExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestApiExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestApi.class;
    }

    @Override
    public TestApi resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            // Resolved for a class-level method or constructor, it would outlive a single test.
            throw new IllegalStateException("a TestApi is given to test methods and @BeforeEach/@AfterEach methods only");
        }
        Class<?> testClass = context.getRequiredTestClass();
        return context.getStore(NAMESPACE)
                .computeIfAbsent(Fresh.class, key -> Fresh.start(testClass), Fresh.class)
                .api();
    }

    /** A test's API and the database under it; closing stops the API, then removes the database. */
    private record Fresh(TestDatabase database, TestApi api) implements AutoCloseable {
        static Fresh start(Class<?> testClass) {
            TestDatabase database = TestDatabase.fresh(testClass);
            try {
                return new Fresh(database, new TestApi(database.connect()));
            } catch (RuntimeException | Error e) {
                database.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                api.close();
            } finally {
                database.close();
            }
        }
    }
}
