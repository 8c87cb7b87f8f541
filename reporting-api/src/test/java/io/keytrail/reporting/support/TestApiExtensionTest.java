package io.keytrail.reporting.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TestApiExtension}: one API per test, shared within it, over its own database, closed after it. */
@ExtendWith(TestApiExtension.class)
class TestApiExtensionTest {
    private static TestApi previous;

    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @RepeatedTest(2)
    void eachTestHasItsOwnServerAndDatabaseClosedAfterIt(TestApi again) {
        assertSame(api, again);
        assertEquals(200, api.get("/health").statusCode());
        // Only possible once per database: the id of a project is never reused.
        assertEquals(201, api.send("POST", "/admin/projects", "{\"id\":\"once\"}", TestApi.TOKEN).statusCode());
        if (previous != null) {
            assertNotSame(previous, api);
            assertThrows(UncheckedIOException.class, () -> previous.get("/health"));
        }
        previous = api;
    }
}
