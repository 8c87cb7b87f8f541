package io.keytrail.gateway.proxy;

import static io.keytrail.gateway.proxy.Upstreams.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.keytrail.events.AuthEvent;
import io.keytrail.gateway.config.PoolSettings;
import io.keytrail.gateway.config.TimeoutSettings;
import io.keytrail.gateway.support.TestGateway;
import io.keytrail.gateway.support.TestUpstream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a client gets when the upstream is slow, unreachable or busy: 504, 502, or a place in the queue. */
class UpstreamTimeoutsAndPoolTest {
    static final String TIMEOUT = "{\"message\":\"The upstream API did not answer in time\",\"status\":504}";

    private TestUpstream slow;
    private TestGateway gateway;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeEach
    void startUpstream() {
        slow = new TestUpstream("slow");
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        slow.close();
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    @Test
    void anUpstreamSlowerThanRequestMsIs504JsonAndAudited() throws Exception {
        slow.delayMillis = 3_000;
        start(List.of(slow.url()), new TimeoutSettings(null, 300, null), null);
        HttpResponse<String> response = send("/x/slow");
        assertEquals(504, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(TIMEOUT, response.body());
        AuthEvent event = gateway.nextEvent();
        assertEquals(504, event.status());
        gateway.assertNoMoreEvents();
    }

    @Test
    void aTargetThatDoesNotAcceptTheConnectionWithinConnectMsIs502NotAWaitForRequestMs() throws Exception {
        String blackhole = blackhole();
        start(List.of(blackhole), new TimeoutSettings(300, 60_000, null), null);
        HttpResponse<String> response = send("/x/1");
        // Without connect-ms the request would hang until request-ms (a minute) and end 504.
        assertEquals(502, response.statusCode());
        assertEquals(UpstreamBalancingTest.UNAVAILABLE, response.body());
    }

    @Test
    void aConnectTimeoutMovesOnToTheNextTarget() throws Exception {
        start(List.of(blackhole(), slow.url()), new TimeoutSettings(300, 60_000, null), null);
        for (int i = 0; i < 4; i++) {
            assertEquals(200, send("/x/" + i).statusCode());
        }
        assertEquals(4, slow.hits.get());
    }

    @Test
    void aBurstOfFourTimesThePoolIsQueuedAndAllServed() throws Exception {
        slow.delayMillis = 300;
        start(List.of(slow.url()), null, new PoolSettings(2, null));
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            burst.add(sendAsync("/x/" + i));
        }
        for (CompletableFuture<HttpResponse<String>> response : burst) {
            assertEquals(200, response.get(20, TimeUnit.SECONDS).statusCode());
        }
        assertEquals(8, slow.hits.get());
        assertTrue(slow.maxInFlight.get() <= 2, "the pool holds 2 connections; the rest waited: " + slow.maxInFlight);
    }

    @Test
    void requestsBeyondTheQueueAre502Json() throws Exception {
        slow.delayMillis = 2_000;
        start(List.of(slow.url()), null, new PoolSettings(1, 1));
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            burst.add(sendAsync("/x/" + i));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : burst) {
            HttpResponse<String> answered = response.get(20, TimeUnit.SECONDS);
            statuses.add(answered.statusCode());
            if (answered.statusCode() == 502) {
                assertEquals(UpstreamBalancingTest.UNAVAILABLE, answered.body());
            }
        }
        statuses.sort(null);
        assertEquals(List.of(200, 200, 502), statuses, "one in a connection, one queued, one refused");
    }

    @Test
    void anUpstreamThatClosesWithoutAnsweringIs502Json() throws Exception {
        ServerSocket hangUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closeAfter.add(hangUp);
        Thread acceptor = new Thread(() -> {
            while (!hangUp.isClosed()) {
                try (Socket socket = hangUp.accept()) {
                    socket.getInputStream().read();
                } catch (IOException e) {
                    // closed
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        start(List.of("http://127.0.0.1:" + hangUp.getLocalPort()), null, null);
        HttpResponse<String> response = send("/x/1");
        assertEquals(502, response.statusCode());
        assertEquals(UpstreamBalancingTest.UNAVAILABLE, response.body());
    }

    /**
     * A local address whose accept queue is full, so the kernel drops further connection attempts
     * and a connect waits; skips the test where the platform refuses instead.
     */
    private String blackhole() throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        closeAfter.add(listener);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        boolean hangs = false;
        for (int i = 0; i < 16 && !hangs; i++) {
            Socket filler = new Socket();
            closeAfter.add(filler);
            try {
                filler.connect(address, 200);
            } catch (SocketTimeoutException e) {
                hangs = true;
            }
        }
        assumeTrue(hangs, "this platform does not leave connects to a full accept queue waiting");
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void start(List<String> targets, TimeoutSettings timeouts, PoolSettings pool) {
        gateway = new TestGateway(stub -> List.of(Upstreams.api(targets, null, timeouts, pool)), Upstreams.registry(),
                Clock.systemUTC(), null, 1);
    }

    private HttpResponse<String> send(String path) throws Exception {
        return gateway.send(gateway.get(path).header("x-apim-key", KEY));
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(String path) {
        return java.net.http.HttpClient.newHttpClient().sendAsync(gateway.get(path).header("x-apim-key", KEY).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
