package io.keytrail.gateway.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.keytrail.events.AuthEvent;
import io.keytrail.gateway.StubUpstream;
import io.keytrail.gateway.config.ApiSettings;
import io.keytrail.gateway.config.JwtSettings;
import io.keytrail.gateway.config.KeyAuthSettings;
import io.keytrail.gateway.config.ServerSettings;
import io.keytrail.gateway.http.BufferPool;
import io.keytrail.gateway.http.GatewayChain;
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.protect.ClientProtection;
import io.keytrail.gateway.proxy.UpstreamProxies;
import io.keytrail.gateway.route.ResolvedApi;
import io.keytrail.gateway.route.Routes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.util.HttpString;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real in-process gateway for tests: a stub upstream, the whole {@link GatewayChain} on an Undertow
 * server on a random local port, and the audit events it emits collected in a queue.
 */
public final class TestGateway implements AutoCloseable {
    public static final String NODE_ID = "gw-test";
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

    public final StubUpstream upstream;
    public final LinkedBlockingQueue<AuthEvent> events = new LinkedBlockingQueue<>();
    /** The meters the chain records into, as the gateway's /metrics would show them. */
    public final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    public final String base;
    /** The routing table in force; tests may replace it as a reload does. */
    public final Routes routes;
    private final HttpClient client = HttpClient.newHttpClient();
    private final Undertow server;

    /**
     * Starts a gateway. {@code apis} builds the APIs once the stub upstream is up, so they can point at it;
     * {@code protection} may be null for none.
     */
    public TestGateway(Function<StubUpstream, List<ResolvedApi>> apis, KeyRegistry registry, Clock clock,
            ClientProtection protection, int ioThreads) {
        upstream = new StubUpstream();
        try {
            routes = new Routes(apis.apply(upstream));
            server = Undertow.builder()
                    .addHttpListener(0, "127.0.0.1")
                    .setIoThreads(ioThreads)
                    .setByteBufferPool(new BufferPool(true, BufferPool.DEFAULT_BUFFER_BYTES))
                    // As GatewayApp: Undertow's own header limit above the gateway's, for the default settings.
                    .setServerOption(UndertowOptions.MAX_HEADER_SIZE,
                            new ServerSettings(null, null, null, NODE_ID).headerParseLimit())
                    .setHandler(GatewayChain.build(routes, registry, events::offer, NODE_ID, clock,
                            protection == null ? ClientProtection.none() : protection,
                            ServerSettings.DEFAULT_MAX_HEADER_BYTES, ServerSettings.DEFAULT_MAX_BODY_BYTES, metrics))
                    .build();
            server.start();
        } catch (RuntimeException e) {
            upstream.close();
            throw e;
        }
        base = "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** A GET of {@code path} on this gateway, to add headers to before {@link #send}. */
    public HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).GET();
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The next audit event, waiting up to five seconds for it. */
    /**
     * Sends {@code request} as raw bytes and reads one response (up to the blank line, then
     * Content-Length bytes; the connection may stay open): for requests Java's HTTP client refuses
     * to send, such as hop-by-hop headers, oversized headers or unnormalised paths.
     */
    public String raw(String request) throws Exception {
        URI address = URI.create(base);
        try (Socket socket = new Socket(address.getHost(), address.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) != -1; ) {
                out.write(buffer, 0, n);
                String text = out.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    Matcher length = CONTENT_LENGTH.matcher(text.substring(0, end));
                    if (!length.find() || text.length() - end - 4 >= Integer.parseInt(length.group(1))) {
                        return text;
                    }
                }
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    public AuthEvent nextEvent() throws InterruptedException {
        AuthEvent event = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(event, "expected an audit event");
        return event;
    }

    /** No further audit event arrives within 200 ms. */
    public void assertNoMoreEvents() throws InterruptedException {
        assertNull(events.poll(200, TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        try {
            server.stop();
            Routes.closeUpstreams(routes.current().apis());
        } finally {
            upstream.close();
        }
    }

    /** An API under {@code prefix} proxied to {@code upstream}, with key-auth (header {@code x-apim-key}) on or off. */
    public static ResolvedApi api(String id, String prefix, URI upstream, boolean keyAuth) {
        return api(id, prefix, upstream, keyAuth, null);
    }

    /** As {@link #api(String, String, URI, boolean)}, with the jwt policy {@code jwt} (null for off). */
    public static ResolvedApi api(String id, String prefix, URI upstream, boolean keyAuth, JwtSettings jwt) {
        ApiSettings settings = new ApiSettings(id, prefix, upstream, true,
                new ApiSettings.Policies(new KeyAuthSettings(keyAuth, null, null), jwt));
        return new ResolvedApi(settings, new HttpString("x-apim-key"), UpstreamProxies.forApi(settings));
    }

    /** An API under {@code prefix} proxied to {@code upstream} with the given policies. */
    public static ResolvedApi api(String id, String prefix, URI upstream, ApiSettings.Policies policies) {
        ApiSettings settings = new ApiSettings(id, prefix, upstream, true, policies);
        String header = policies.keyAuth().header() == null ? "x-apim-key" : policies.keyAuth().header();
        return new ResolvedApi(settings, new HttpString(header), UpstreamProxies.forApi(settings));
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
