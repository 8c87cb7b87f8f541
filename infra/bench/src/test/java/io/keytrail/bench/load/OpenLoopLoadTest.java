package io.keytrail.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenLoopLoadTest {
    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        // Every third request answers 503, so that windows have non-2xx answers to count.
        server.createContext("/", exchange -> {
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(served.incrementAndGet() % 3 == 0 ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void windowsSplitARunByWhenEachRequestWasDue() throws Exception {
        OpenLoopLoad load = new OpenLoopLoad(uri(), Map.of("x-apim-key", "k"), 100, 4).recordingSamples();
        long before = System.nanoTime();
        OpenLoopLoad.Result run = load.run(Duration.ofMillis(100), Duration.ofMillis(600));
        long after = System.nanoTime();
        OpenLoopLoad.Result all = load.window(before, after);
        assertEquals(run.requests(), all.requests());
        assertEquals(run.non2xx(), all.non2xx());
        assertEquals(run.errors(), all.errors());
        assertTrue(all.non2xx() > 0, "every third answer was a 503");
        // Any split point: the two halves hold every request exactly once.
        long middle = before + (after - before) / 2;
        OpenLoopLoad.Result first = load.window(before, middle);
        OpenLoopLoad.Result second = load.window(middle, after);
        assertEquals(all.requests(), first.requests() + second.requests());
        assertEquals(all.non2xx(), first.non2xx() + second.non2xx());
        assertEquals(0, load.window(after, after + 1_000_000_000L).requests());
    }

    @Test
    void aWindowNeedsTheSamples() throws Exception {
        OpenLoopLoad load = new OpenLoopLoad(uri(), Map.of(), 100, 1);
        load.run(Duration.ZERO, Duration.ofMillis(100));
        assertThrows(IllegalStateException.class, () -> load.window(0, Long.MAX_VALUE));
    }

    @Test
    void stopEndsARunOfUnknownLength() {
        OpenLoopLoad load = new OpenLoopLoad(uri(), Map.of(), 200, 2).recordingSamples();
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            load.stop();
        });
        stopper.start();
        OpenLoopLoad.Result result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> load.run(Duration.ZERO, Duration.ofDays(1)));
        assertTrue(result.requests() > 0);
        assertEquals(0, result.errors());
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/keyed/data");
    }
}
