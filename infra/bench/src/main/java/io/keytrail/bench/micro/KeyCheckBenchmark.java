package io.keytrail.bench.micro;

import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.gateway.auth.AuthDecision;
import io.keytrail.gateway.auth.KeyCheck;
import io.keytrail.gateway.keys.KeyDigest;
import io.keytrail.gateway.keys.KeyEntry;
import io.keytrail.gateway.keys.KeyRegistry;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The key-auth work of one request, step by step: finding the key header among typical request
 * headers, hashing the key, looking the digest up in a registry of {@code keys} keys, and the whole
 * {@link KeyCheck} decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// A million keys need room: a crowded heap would time the garbage collector, not the lookup.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class KeyCheckBenchmark {
    static final HttpString KEY_HEADER = new HttpString("x-apim-key");

    @Param({"1000", "1000000"})
    int keys;

    private KeyRegistry registry;
    private KeyCheck check;
    private HeaderMap headers;
    private String presentedKey;
    private KeyDigest presentedDigest;

    @Setup(Level.Trial)
    public void setUp() {
        registry = new KeyRegistry();
        SplittableRandom random = new SplittableRandom(42);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        String last = null;
        for (int i = 0; i < keys; i++) {
            StringBuilder key = new StringBuilder(32);
            for (int c = 0; c < 32; c++) {
                key.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            last = key.toString();
            registry.apply(new KeyRecord(1, "key_" + i, HexFormat.of().formatHex(sha256(last)), last.substring(0, 4),
                    "project-" + (i % 100), "developer-" + (i % 10_000), KeyStatus.ACTIVE, Instant.EPOCH, null, List.of(), 1, null, null));
        }
        presentedKey = last;
        presentedDigest = KeyDigest.ofKey(last);
        check = new KeyCheck(registry, Clock.systemUTC());
        headers = new HeaderMap();
        headers.put(Headers.HOST, "api.example.com");
        headers.put(Headers.USER_AGENT, "Mozilla/5.0 (X11; Linux x86_64) benchmark");
        headers.put(Headers.ACCEPT, "application/json");
        headers.put(Headers.ACCEPT_ENCODING, "gzip, deflate, br");
        headers.put(Headers.CONNECTION, "keep-alive");
        headers.put(new HttpString("X-Request-Id"), "01937c5e-8a2b-7c3d-9e4f-0123456789ab");
        headers.put(KEY_HEADER, presentedKey);
    }

    @Benchmark
    public String extractKeyHeader() {
        return headers.getFirst(KEY_HEADER);
    }

    @Benchmark
    public KeyDigest hashKey() {
        return KeyDigest.ofKey(presentedKey);
    }

    @Benchmark
    public KeyEntry registryLookup() {
        return registry.find(presentedDigest);
    }

    @Benchmark
    public AuthDecision wholeKeyCheck() {
        return check.check(headers.get(KEY_HEADER));
    }

    private static byte[] sha256(String key) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
