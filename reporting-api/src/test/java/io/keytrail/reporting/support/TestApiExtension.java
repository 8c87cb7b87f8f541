package io.keytrail.reporting.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test method a fresh {@link TestApi} over a fresh temporary directory, so every test
 * has its own server and database. Resolved as a parameter, typically of a {@code @BeforeEach}
 * method; every parameter resolved within one test gets the same instance. After the test the
 * API is closed and its directory deleted.
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
        return context.getStore(NAMESPACE)
                .computeIfAbsent(Fresh.class, key -> Fresh.start(), Fresh.class)
                .api();
    }

    /** A test's API and the directory under it; closing stops the API, then deletes the directory. */
    private record Fresh(Path dir, TestApi api) implements AutoCloseable {
        static Fresh start() {
            Path dir;
            try {
                dir = Files.createTempDirectory("keytrail-test-api-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                return new Fresh(dir, new TestApi(dir));
            } catch (RuntimeException | Error e) {
                delete(dir);
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                api.close();
            } finally {
                delete(dir);
            }
        }

        private static void delete(Path dir) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + dir, e);
            }
        }
    }
}
