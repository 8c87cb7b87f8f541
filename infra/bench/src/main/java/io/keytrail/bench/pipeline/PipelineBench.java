package io.keytrail.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.bench.gateway.LocalStack;
import io.keytrail.bench.gateway.Machine;
import io.keytrail.bench.load.OpenLoopLoad;
import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthEventType;
import io.keytrail.events.AuthMethod;
import io.keytrail.events.CredentialLocation;
import io.keytrail.events.EventIds;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.Json;
import io.keytrail.events.Topics;
import io.keytrail.events.UsageWindow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Two measurements on the real stack ({@code ./keytrail up}): (1) throughput: N pre-built events
 * are produced to the auth topic as fast as possible and the clock stops when audit-streams'
 * usage output accounts for all of them; (2) freshness: requests through the gateway at a fixed
 * rate, and for the k-th response, the time until the developer's usage report first counts k.
 * Writes {@code docs/bench-results/pipeline.json}.
 */
public final class PipelineBench {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("keytrail.root", ".")).toAbsolutePath().normalize();
        int events = Integer.getInteger("bench.events", 300_000);
        int rate = Integer.getInteger("bench.rate", 2_000);
        int seconds = Integer.getInteger("bench.seconds", 30);
        Path work = Files.createTempDirectory("keytrail-pipeline-");
        String run = "pb" + System.currentTimeMillis();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("label", "pipeline");
        report.put("machine", Machine.describe());
        try (LocalStack stack = LocalStack.start(root, work.resolve("stack"), 18080, "")) {
            report.put("throughput", throughput(stack.kafkaBootstrap(), run, events));
            report.put("freshness", freshness(stack, run, rate, seconds));
        }
        report.put("finishedAt", Instant.now().toString());
        Path out = root.resolve("docs/bench-results/pipeline.json");
        Files.createDirectories(out.getParent());
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), report);
        System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        io.keytrail.bench.gateway.BenchReport.main(new String[0]);
    }

    static Map<String, Object> throughput(String bootstrap, String run, int count) throws Exception {
        Topics topics = Topics.withDefaultPrefix();
        int developers = 200;
        List<byte[]> payloads = new ArrayList<>(count);
        List<String> keys = new ArrayList<>(count);
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            String developer = run + "-dev-" + (i % developers);
            AuthEvent event = new AuthEvent(AuthEvent.SCHEMA_VERSION, EventIds.next(), AuthEventType.AUTH_SUCCESS, now,
                    "req-" + i, "bench", "orders", "/orders", "GET", "/orders/" + i, 200, new AuthEvent.Latency(900, 500L),
                    new AuthEvent.Client("10.0.0." + (i % 250), "bench"),
                    new AuthEvent.Credential("key_" + (i % developers), "Ab3d", CredentialLocation.HEADER, List.of(AuthMethod.KEY)),
                    developer, "shop", null);
            payloads.add(EventSerdes.authEvent().serialize(topics.authSuccess(), event));
            keys.add(developer);
        }
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, run + "-usage-reader");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        Map<String, Long> latest = new HashMap<>();
        long started;
        long produced;
        long done;
        try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), EventSerdes.usageWindow());
             var producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
            consumer.subscribe(List.of(topics.usage()));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            System.out.printf("producing %,d events ...%n", count);
            started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topics.authSuccess(), keys.get(i), payloads.get(i)));
            }
            producer.flush();
            produced = System.nanoTime();
            long total = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (total < count && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    UsageWindow usage = record.value();
                    // Only the minutes: the hour and day windows count the same events again.
                    if (usage != null && usage.developerId().startsWith(run + "-dev-")
                            && usage.size().equals(Duration.ofMinutes(1))) {
                        Long before = latest.put(record.key(), usage.success());
                        total += usage.success() - (before == null ? 0 : before);
                    }
                }
            }
            done = System.nanoTime();
            if (total < count) {
                throw new IllegalStateException("usage accounted for " + total + " of " + count + " events within 5 minutes");
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", count);
        result.put("developers", developers);
        result.put("produceSeconds", round((produced - started) / 1e9));
        result.put("untilAllCountedSeconds", round((done - started) / 1e9));
        result.put("eventsPerSecond", Math.round(count / ((done - started) / 1e9)));
        System.out.printf("audit-streams: %,d events counted in %.1f s: %,.0f events/s%n", count, (done - started) / 1e9,
                count / ((done - started) / 1e9));
        return result;
    }

    static Map<String, Object> freshness(LocalStack stack, String run, int rate, int seconds) throws Exception {
        String developer = run + "-fresh";
        String key = stack.createKey("bench", developer);
        String url = stack.gatewayUrl("/echo/fresh");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (status(url, key) != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway did not accept the new key");
            }
            Thread.sleep(50);
        }
        // Warm the gateway's and the upstream's JIT first; those responses are counted before the base is read.
        new OpenLoopLoad(URI.create(url), Map.of("x-apim-key", key), rate, 16).run(Duration.ZERO, Duration.ofSeconds(10));
        Thread.sleep(3_000);
        long base = total(stack, developer);
        List<long[]> polls = new ArrayList<>();
        Thread poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    long total = total(stack, developer);
                    synchronized (polls) {
                        polls.add(new long[] {System.currentTimeMillis(), total});
                    }
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a failed poll is just a missing sample
                }
            }
        }, "usage-poller");
        poller.setDaemon(true);
        poller.start();
        System.out.printf("%d req/s through the gateway for %d s, polling %s's usage report ...%n", rate, seconds, developer);
        OpenLoopLoad load = new OpenLoopLoad(URI.create(url), Map.of("x-apim-key", key), rate, 16).recordingCompletions();
        OpenLoopLoad.Result result = load.run(Duration.ZERO, Duration.ofSeconds(seconds));
        long[] completions = load.completions();
        Arrays.sort(completions);
        long waitUntil = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < waitUntil) {
            synchronized (polls) {
                if (!polls.isEmpty() && polls.get(polls.size() - 1)[1] >= base + completions.length) {
                    break;
                }
            }
            Thread.sleep(50);
        }
        poller.interrupt();
        poller.join();
        long[] freshness = new long[completions.length];
        int p = 0;
        for (int k = 0; k < completions.length; k++) {
            while (p < polls.size() && polls.get(p)[1] < base + k + 1) {
                p++;
            }
            if (p == polls.size()) {
                throw new IllegalStateException("the report never counted response " + (k + 1) + " of " + completions.length);
            }
            freshness[k] = Math.max(0, polls.get(p)[0] - completions[k]);
        }
        Arrays.sort(freshness);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rate", rate);
        out.put("seconds", seconds);
        out.put("responses", completions.length);
        out.put("gatewayP99Micros", result.p99());
        out.put("reportPollIntervalMillis", 20);
        out.put("freshnessP50Millis", freshness[freshness.length / 2]);
        out.put("freshnessP99Millis", freshness[(int) Math.min(freshness.length - 1, Math.ceil(freshness.length * 0.99) - 1)]);
        out.put("freshnessMaxMillis", freshness[freshness.length - 1]);
        System.out.printf("freshness: p50 %d ms, p99 %d ms, max %d ms over %,d responses%n", out.get("freshnessP50Millis"),
                out.get("freshnessP99Millis"), out.get("freshnessMaxMillis"), completions.length);
        return out;
    }

    private static long total(LocalStack stack, String developer) throws Exception {
        Instant now = Instant.now();
        URI uri = URI.create(stack.reportingUrl() + "/reports/developers/" + developer + "/usage?from="
                + now.minus(Duration.ofHours(1)) + "&to=" + now.plus(Duration.ofHours(1)));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + stack.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        long total = 0;
        for (JsonNode window : Json.mapper().readTree(response.body()).get("windows")) {
            total += window.get("success").asLong();
        }
        return total;
    }

    private static int status(String url, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("x-apim-key", key).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
