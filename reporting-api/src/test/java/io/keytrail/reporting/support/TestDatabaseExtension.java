package io.keytrail.reporting.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test method a fresh {@link TestDatabase}: H2, or PostgreSQL for a class annotated
 * {@link OnPostgres}. Resolved as a parameter, typically of a {@code @BeforeEach} method; every
 * parameter resolved within one test gets the same database, removed after the test. See
 * {@link TestDatabase} for the pattern that runs one test class on both.
 */
public final class TestDatabaseExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestDatabaseExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public TestDatabase resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            // Resolved for a class-level method or constructor, it would outlive a single test.
            throw new IllegalStateException("a TestDatabase is given to test methods and @BeforeEach/@AfterEach methods only");
        }
        Class<?> testClass = context.getRequiredTestClass();
        return context.getStore(NAMESPACE)
                .computeIfAbsent(TestDatabase.class, key -> TestDatabase.fresh(testClass), TestDatabase.class);
    }
}
