package io.keytrail.bench.pipeline;

import io.keytrail.bench.registry.RegistryBench;
import io.keytrail.events.AuthEvent;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.Topics;
import io.keytrail.events.UsageWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Event-to-output latency at a fixed rate: events stamped with the clock as they are sent (with the
 * gateway's producer settings, open loop, evenly spaced), and a committed-only reader of
 * {@code usage}. A developer's successes travel in order (one record key, one partition, one task)
 * and so do its failures, so the k-th success of a developer's minute is in the output from the
 * first record of that window whose success count reaches k; its latency is that record's arrival
 * minus the event's send. Exactly-once output is visible only when its transaction commits, so the
 * figure includes the commit interval; it also includes the producer's linger (25 ms) and the
 * reader's fetch wait (at most 10 ms).
 */
final class LatencyRun {
    private final RegistryBench.Broker broker;
    private final String bootstrap;
    private final Path work;

    LatencyRun(RegistryBench.Broker broker, Path work) {
        this.broker = broker;
        this.bootstrap = broker.bootstrap();
        this.work = work;
    }

    /** One sent event: its minute window, whether it succeeded, when it was sent, whether it is measured. */
    private record Sent(String window, boolean success, long nanos, boolean measured) {
    }

    /** One usage record as read: its window, counts, and when it arrived. */
    private record Seen(String window, long success, long failure, long nanos) {
    }

    Map<String, Object> run() throws Exception {
        int rate = Integer.getInteger("bench.rate", 2_000);
        int warmup = Integer.getInteger("bench.warmupSeconds", 15);
        int seconds = Integer.getInteger("bench.seconds", 60);
        long commitMs = Long.getLong("bench.commitMs", 100);
        String run = "lat" + System.currentTimeMillis();
        Topics topics = new Topics(run + ".");
        PipelineBench.provision(bootstrap, topics);
        BenchEvents mix = new BenchEvents(run, Integer.getInteger("bench.developers", 200),
                Double.parseDouble(System.getProperty("bench.failureShare", "0.1")), 11);
        int total = rate * (warmup + seconds);
        List<Sent> sent = new ArrayList<>(total);
        List<Seen> seen = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        try (KafkaConsumer<String, byte[]> consumer = PipelineBench.usageReader(bootstrap, topics);
             StreamsProcess streams = StreamsProcess.start(PipelineBench.streamsJvm(),
                     PipelineBench.streamsEnv(bootstrap, run, work, commitMs), work.resolve(run + "-streams.log"));
             var producer = new KafkaProducer<>(PipelineBench.gatewayProducer(bootstrap), new StringSerializer(),
                     new ByteArraySerializer())) {
            // Not timed: until audit-streams has its partitions and answers, nothing is measured.
            AuthEvent probe = mix.next(Instant.now());
            send(producer, topics, probe);
            sent.add(new Sent(UsageWindow.key(probe.developerId(), PipelineBench.windowStart(probe.time()),
                    PipelineBench.MINUTE), probe.success(), System.nanoTime(), false));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (read(consumer, run).isEmpty()) {
                streams.checkAlive();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("audit-streams produced no usage within 90 s:\n" + streams.tail());
                }
            }
            System.out.printf("%,d events/s for %d s (warm-up) + %d s (measured), commit interval %d ms ...%n",
                    rate, warmup, seconds, commitMs);
            double loadBefore = MachineLoad.loadAverage();
            MachineLoad load = MachineLoad.start();
            double cpuBefore = streams.cpuSeconds();
            double brokerCpuBefore = broker.cpuSeconds();
            Thread sender = new Thread(() -> {
                try {
                    long start = System.nanoTime();
                    long every = 1_000_000_000L / rate;
                    for (int i = 0; i < total; i++) {
                        long due = start + i * every;
                        while (System.nanoTime() < due) {
                            LockSupport.parkNanos(due - System.nanoTime());
                        }
                        AuthEvent event = mix.next(Instant.now());
                        long now = System.nanoTime();
                        send(producer, topics, event);
                        String window = UsageWindow.key(event.developerId(), PipelineBench.windowStart(event.time()),
                                PipelineBench.MINUTE);
                        synchronized (sent) {
                            sent.add(new Sent(window, event.success(), now, i >= rate * warmup));
                        }
                    }
                } catch (Throwable e) {
                    failed.set(e);
                }
            }, "latency-sender");
            sender.start();
            long settle = Long.MAX_VALUE;
            long nextCheck = 0;
            double cpuWhileSending = -1;
            double brokerCpuWhileSending = -1;
            while (true) {
                seen.addAll(read(consumer, run));
                if (!sender.isAlive() && System.nanoTime() > nextCheck) {
                    if (cpuWhileSending < 0) {
                        cpuWhileSending = streams.cpuSeconds() - cpuBefore;
                        brokerCpuWhileSending = broker.cpuSeconds() - brokerCpuBefore;
                    }
                    streams.checkAlive();
                    nextCheck = System.nanoTime() + 200_000_000L;
                    settle = Math.min(settle, System.nanoTime() + Duration.ofSeconds(30).toNanos());
                    if (allCounted(seen, sent) || System.nanoTime() > settle || failed.get() != null) {
                        break;
                    }
                }
            }
            if (failed.get() != null) {
                throw new IllegalStateException("sending failed", failed.get());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("rate", rate);
            out.put("warmupSeconds", warmup);
            out.put("seconds", seconds);
            out.put("commitIntervalMs", commitMs);
            out.put("producerLingerMs", 25);
            out.put("readerFetchMaxWaitMs", 10);
            long[] latencies = latencies(sent, seen);
            out.put("measuredEvents", latencies.length);
            out.put("p50Millis", millis(percentile(latencies, 0.50)));
            out.put("p99Millis", millis(percentile(latencies, 0.99)));
            out.put("p999Millis", millis(percentile(latencies, 0.999)));
            out.put("maxMillis", millis(latencies[latencies.length - 1]));
            out.put("streamsCpuSecondsPerSecond", PipelineBench.round(cpuWhileSending / (warmup + seconds)));
            out.put("brokerCpuSecondsPerSecond", PipelineBench.round(brokerCpuWhileSending / (warmup + seconds)));
            out.put("loadAverageBefore", loadBefore);
            out.put("loadAverageAfter", MachineLoad.loadAverage());
            out.put("machineBusyShare", load.busyShare());
            System.out.printf("event-to-output latency over %,d events: p50 %.1f ms, p99 %.1f ms, max %.1f ms (load %.2f -> %.2f)%n",
                    latencies.length, out.get("p50Millis"), out.get("p99Millis"), out.get("maxMillis"), loadBefore,
                    out.get("loadAverageAfter"));
            return out;
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, Topics topics, AuthEvent event) {
        String topic = event.success() ? topics.authSuccess() : topics.authFailure();
        producer.send(new ProducerRecord<>(topic, event.developerId(), EventSerdes.authEvent().serialize(topic, event)));
    }

    private static List<Seen> read(KafkaConsumer<String, byte[]> consumer, String run) {
        List<Seen> out = new ArrayList<>();
        var records = consumer.poll(Duration.ofMillis(5));
        long now = System.nanoTime();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (PipelineBench.isMinuteOf(record, run)) {
                long[] counts = UsageCounts.read(record.value());
                out.add(new Seen(record.key(), counts[0], counts[1], now));
            }
        }
        return out;
    }

    private static boolean allCounted(List<Seen> seen, List<Sent> sent) {
        Map<String, long[]> expected = new HashMap<>();
        synchronized (sent) {
            for (Sent s : sent) {
                expected.computeIfAbsent(s.window(), k -> new long[2])[s.success() ? 0 : 1]++;
            }
        }
        Map<String, long[]> latest = new HashMap<>();
        for (Seen s : seen) {
            latest.put(s.window(), new long[] {s.success(), s.failure()});
        }
        long want = expected.values().stream().mapToLong(c -> c[0] + c[1]).sum();
        long have = latest.values().stream().mapToLong(c -> c[0] + c[1]).sum();
        return have >= want;
    }

    /** Per measured event, nanoseconds from its send until the first usage record that counts it. */
    private static long[] latencies(List<Sent> sent, List<Seen> seen) {
        Map<String, List<Seen>> updates = new HashMap<>();
        seen.forEach(s -> updates.computeIfAbsent(s.window(), k -> new ArrayList<>()).add(s));
        Map<String, long[]> ordinal = new HashMap<>(); // events of the window so far: {success, failure}
        long[] out = new long[sent.size()];
        int n = 0;
        for (Sent s : sent) {
            long[] counts = ordinal.computeIfAbsent(s.window(), k -> new long[2]);
            long k = ++counts[s.success() ? 0 : 1];
            if (!s.measured()) {
                continue;
            }
            Seen first = null;
            for (Seen u : updates.getOrDefault(s.window(), List.of())) {
                if ((s.success() ? u.success() : u.failure()) >= k) {
                    first = u;
                    break;
                }
            }
            if (first == null) {
                throw new IllegalStateException("event " + k + " of window " + s.window() + " never reached the output");
            }
            out[n++] = Math.max(0, first.nanos() - s.nanos());
        }
        long[] measured = Arrays.copyOf(out, n);
        Arrays.sort(measured);
        return measured;
    }

    private static long percentile(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)];
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 100_000.0) / 10.0;
    }
}
