package io.keytrail.gateway.proxy;

import static io.keytrail.gateway.proxy.Upstreams.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.gateway.config.ApiSettings;
import io.keytrail.gateway.config.ConfigException;
import io.keytrail.gateway.config.HealthCheckSettings;
import io.keytrail.gateway.config.KeyAuthSettings;
import io.keytrail.gateway.config.UpstreamSettings;
import io.keytrail.gateway.config.UpstreamTlsSettings;
import io.keytrail.gateway.route.ResolvedApi;
import io.keytrail.gateway.support.TestGateway;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https targets against a real TLS upstream whose certificate a private CA issued for
 * {@code localhost}: trusted through the API's {@code ca-file}, refused when the CA is not trusted,
 * and refused when the certificate names another host than the target's, by the proxied requests
 * and by the health checks alike.
 */
class UpstreamTlsTest {
    private static final String PASS = "changeit";
    @TempDir
    static Path dir;
    private static Path caPem;
    private static Undertow upstream;
    private static final AtomicInteger hits = new AtomicInteger();
    private static final AtomicInteger healthChecks = new AtomicInteger();
    private TestGateway gateway;

    @BeforeAll
    static void issueCertificatesAndStartTheUpstream() throws Exception {
        // keytool ships with every JDK: a CA, and a server certificate it signs for localhost only.
        keytool("-genkeypair", "-keystore", "ca.p12", "-alias", "ca", "-dname", "CN=keytrail test CA",
                "-ext", "bc:c", "-keyalg", "EC", "-validity", "2");
        keytool("-exportcert", "-rfc", "-keystore", "ca.p12", "-alias", "ca", "-file", "ca.pem");
        keytool("-genkeypair", "-keystore", "server.p12", "-alias", "server", "-dname", "CN=localhost",
                "-keyalg", "EC", "-validity", "2");
        keytool("-certreq", "-keystore", "server.p12", "-alias", "server", "-file", "server.csr");
        keytool("-gencert", "-keystore", "ca.p12", "-alias", "ca", "-infile", "server.csr", "-outfile", "server.pem",
                "-rfc", "-ext", "san=dns:localhost", "-validity", "2");
        keytool("-importcert", "-noprompt", "-keystore", "server.p12", "-alias", "ca", "-file", "ca.pem");
        keytool("-importcert", "-keystore", "server.p12", "-alias", "server", "-file", "server.pem");
        caPem = dir.resolve("ca.pem");

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            keys.load(in, PASS.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASS.toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(managers.getKeyManagers(), null, null);
        upstream = Undertow.builder()
                .addHttpsListener(0, "127.0.0.1", serverTls)
                .setIoThreads(1)
                .setHandler(exchange -> {
                    ("/health".equals(exchange.getRequestPath()) ? healthChecks : hits).incrementAndGet();
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    exchange.getResponseSender().send("{\"upstream\":\"tls\"}");
                })
                .build();
        upstream.start();
    }

    @AfterAll
    static void stopUpstream() {
        upstream.stop();
    }

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aTargetWhoseCertificateTheApisCaIssuedForItsHostIsProxied() throws Exception {
        start("https://localhost:" + port(), new UpstreamTlsSettings(caPem.toString()), null);
        HttpResponse<String> response = gateway.send(gateway.get("/x/1").header("x-apim-key", KEY));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"upstream\":\"tls\"}", response.body());
    }

    @Test
    void aCertificateForAnotherHostIsRefusedEvenFromATrustedCa() throws Exception {
        // The certificate names localhost; the target is the same server by its address.
        int before = hits.get();
        start("https://127.0.0.1:" + port(), new UpstreamTlsSettings(caPem.toString()), null);
        HttpResponse<String> response = gateway.send(gateway.get("/x/1").header("x-apim-key", KEY));
        assertEquals(502, response.statusCode(), response.body());
        assertEquals(before, hits.get(), "no request may reach a server that failed the host name check");
    }

    @Test
    void aCertificateFromACaTheApiDoesNotTrustIsRefused() throws Exception {
        int before = hits.get();
        start("https://localhost:" + port(), UpstreamTlsSettings.defaults(), null);
        HttpResponse<String> response = gateway.send(gateway.get("/x/1").header("x-apim-key", KEY));
        assertEquals(502, response.statusCode(), response.body());
        assertEquals(before, hits.get());
    }

    @Test
    void healthChecksTrustWhatTheProxiedRequestsTrust() throws Exception {
        start("https://localhost:" + port(), new UpstreamTlsSettings(caPem.toString()), Upstreams.fastChecks(1, 1));
        UpstreamClient client = Upstreams.client(gateway);
        int checks = healthChecks.get();
        Upstreams.await("a health check over TLS passed", () -> healthChecks.get() > checks + 1
                && client.usableTargets().size() == 1);
        assertEquals(200, gateway.send(gateway.get("/x/1").header("x-apim-key", KEY)).statusCode());

        gateway.close();
        start("https://127.0.0.1:" + port(), new UpstreamTlsSettings(caPem.toString()), Upstreams.fastChecks(1, 1));
        UpstreamClient wrongHost = Upstreams.client(gateway);
        Thread.sleep(TimeUnit.MILLISECONDS.toMillis(500));
        assertTrue(wrongHost.usableTargets().isEmpty(), "a target failing the host name check is never healthy");
    }

    @Test
    void aCaFileThatIsMissingOrHoldsNoCertificateOrAKeyIsAConfigErrorNamingTheField() throws Exception {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> new UpstreamTlsSettings(dir.resolve("nope.pem").toString()));
        assertTrue(missing.getMessage().startsWith("ca-file"), missing.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        ConfigException none = assertThrows(ConfigException.class, () -> new UpstreamTlsSettings(empty.toString()));
        assertTrue(none.getMessage().startsWith("ca-file"), none.getMessage());
        Path key = Files.writeString(dir.resolve("key.pem"), Files.readString(caPem)
                + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        ConfigException withKey = assertThrows(ConfigException.class, () -> new UpstreamTlsSettings(key.toString()));
        assertTrue(withKey.getMessage().contains("private key"), withKey.getMessage());
        assertEquals(1, new UpstreamTlsSettings(caPem.toString()).trusted().size());
    }

    private void start(String target, UpstreamTlsSettings tls, HealthCheckSettings check) {
        ApiSettings settings = new ApiSettings("x", "/x", null, true,
                new ApiSettings.Policies(new KeyAuthSettings(true, null, null)), null,
                new UpstreamSettings(List.of(URI.create(target)), check, null, tls), null, null);
        ResolvedApi api = new ResolvedApi(settings, new HttpString("x-apim-key"), UpstreamProxies.forApi(settings));
        gateway = new TestGateway(stub -> List.of(api), Upstreams.registry(), Clock.systemUTC(), null, 1);
    }

    private static int port() {
        return ((InetSocketAddress) upstream.getListenerInfo().get(0).getAddress()).getPort();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASS, "-storetype", "PKCS12"));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish: " + command);
        assertEquals(0, process.exitValue(), "keytool " + String.join(" ", args) + ": " + output);
    }
}
