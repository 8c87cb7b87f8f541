package io.keytrail.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthEventType;
import io.keytrail.events.EventIds;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.Topics;
import io.keytrail.gateway.audit.spool.SpoolLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher's decisions, against a producer whose acknowledgements and refusals the test
 * controls: when events go to the spool, that they come back from it in order, what is never
 * retried, and the reject policy. The real broker's outages are {@code AuditCompletenessIT}'s.
 */
class KafkaAuditPublisherTest {
    static final Topics TOPICS = new Topics("keytrail.");
    static final SpoolLimits LIMITS = new SpoolLimits(1 << 20, 64 * 1024, SpoolLimits.Fsync.NEVER, 0,
            SpoolLimits.WhenFull.DROP_OLDEST);

    @TempDir
    Path dir;
    private KafkaAuditPublisher publisher;

    @AfterEach
    void stop() {
        if (publisher != null) {
            publisher.close(Duration.ofMillis(200));
        }
    }

    @Test
    void acknowledgedEventsArePublishedDirectly() throws Exception {
        MockProducer<String, byte[]> producer = producer(true);
        publisher = new KafkaAuditPublisher(producer, TOPICS, 1024, dir, LIMITS, Duration.ofSeconds(2));
        offer(0, 50);
        await(() -> producer.history().size() == 50);
        await(() -> publisher.stats().published() == 50);
        assertEquals(0, publisher.stats().spooled());
        assertEquals(ids(0, 50), sentIds(producer));
        assertEquals("keytrail.auth-success", producer.history().get(0).topic());
        assertEquals("dev-0", producer.history().get(0).key());
        assertEquals("keytrail.auth-failure", producer.history().get(1).topic());
        assertEquals("10.0.0.1", producer.history().get(1).key(), "a failure without developer is keyed by client IP");
    }

    @Test
    void whenKafkaStopsAcknowledgingNewEventsAreSpooledAndReplayedInOrderOnceItIsBack() throws Exception {
        MockProducer<String, byte[]> producer = producer(false);
        publisher = new KafkaAuditPublisher(producer, TOPICS, 1024, dir, LIMITS, Duration.ofMillis(100));
        offer(0, 5);
        await(() -> producer.history().size() == 5);
        Thread.sleep(200);
        offer(5, 30);
        await(() -> publisher.stats().spooled() == 25);
        assertTrue(publisher.stats().spooling());
        assertEquals(5, producer.history().size(), "nothing more is sent while Kafka is silent");

        completeAll(producer);
        await(() -> producer.history().size() == 30);
        completeAll(producer);
        await(() -> !publisher.stats().spooling());
        offer(30, 35);
        await(() -> producer.history().size() == 35);
        completeAll(producer);
        assertEquals(ids(0, 35), sentIds(producer), "every event once, in order");
        await(() -> publisher.stats().published() == 35);
        assertEquals(25, publisher.stats().replayed());
        assertEquals(0, publisher.stats().lost());
    }

    @Test
    void underSteadyTrafficTheReplayCatchesUpAndEventsGoDirectAgain() throws Exception {
        MockProducer<String, byte[]> producer = producer(false);
        publisher = new KafkaAuditPublisher(producer, TOPICS, 1024, dir, LIMITS, Duration.ofMillis(100));
        offer(0, 1);
        await(() -> producer.history().size() == 1);
        Thread.sleep(200);
        offer(1, 20);
        await(() -> publisher.stats().spooled() == 19);
        // Kafka is back while traffic goes on: an event every 2 ms, acknowledged 20 ms after it is
        // sent (as a producer lingering for a batch does), so events keep arriving during each batch.
        java.util.concurrent.atomic.AtomicBoolean traffic = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread acker = new Thread(() -> {
            while (traffic.get()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
                completeAll(producer);
            }
            completeAll(producer);
        });
        acker.start();
        int next = 20;
        long deadline = System.nanoTime() + 10_000_000_000L;
        try {
            while (publisher.stats().spooling()) {
                assertTrue(System.nanoTime() < deadline, "the spool never drained under traffic: " + publisher.stats());
                assertTrue(publisher.offer(event(next++)));
                Thread.sleep(2);
            }
            int direct = next;
            offer(direct, direct + 50);
            next = direct + 50;
            int expected = next;
            await(() -> producer.history().size() == expected);
            traffic.set(false);
            acker.join();
            assertEquals(ids(0, expected), sentIds(producer), "every event once, in order, across the switch");
            assertTrue(publisher.stats().spooled() < expected - 50, "the last 50 went direct");
        } finally {
            traffic.set(false);
            acker.join();
        }
    }

    @Test
    void onceTheQueueIsEmptyRequestThreadsSendTheirEventsThemselves() throws Exception {
        ThreadRecordingProducer producer = new ThreadRecordingProducer(true);
        publisher = new KafkaAuditPublisher(producer, TOPICS, 1024, dir, LIMITS, Duration.ofSeconds(2));
        await(publisher::requestThreadsSend);
        offer(0, 20);
        assertEquals(20, producer.history().size(), "sent before offer returned");
        assertEquals(List.of(Thread.currentThread().getName()), producer.senders().stream().distinct().toList());
        assertEquals(ids(0, 20), sentIds(producer));
        await(() -> publisher.stats().published() == 20);
        assertEquals(20, publisher.stats().accepted());
    }

    @Test
    void requestThreadsQueueUntilTheProducerKnowsBothTopics() throws Exception {
        ThreadRecordingProducer producer = new ThreadRecordingProducer(true);
        producer.partitionsForException = new org.apache.kafka.common.errors.TimeoutException("no metadata yet");
        publisher = new KafkaAuditPublisher(producer, TOPICS, 1024, dir, LIMITS, Duration.ofSeconds(2));
        offer(0, 5);
        await(() -> producer.history().size() == 5);
        Thread.sleep(50);
        assertFalse(publisher.requestThreadsSend());
        assertEquals(List.of("audit-publisher"), producer.senders().stream().distinct().toList());

        producer.partitionsForException = null;
        await(publisher::requestThreadsSend);
        offer(5, 10);
        assertEquals(Thread.currentThread().getName(), producer.senders().get(9));
        assertEquals(ids(0, 10), sentIds(producer));
    }

    @Test
    void beyondTheQueueCapacityInFlightRequestThreadsLeaveTheSendToTheDrainer() throws Exception {
        ThreadRecordingProducer producer = new ThreadRecordingProducer(false);
        publisher = new KafkaAuditPublisher(producer, TOPICS, 8, dir, LIMITS, Duration.ofSeconds(5));
        await(publisher::requestThreadsSend);
        offer(0, 8);
        assertEquals(8, producer.history().size());
        offer(8, 9);
        await(() -> producer.history().size() == 9);
        assertEquals("audit-publisher", producer.senders().get(8), "the ninth in flight went through the queue");
        completeAll(producer);
        await(() -> publisher.stats().published() == 9);
        assertEquals(ids(0, 9), sentIds(producer));
        assertEquals(0, publisher.stats().spooled());
    }

    @Test
    void beyondEightMebibytesInFlightRequestThreadsLeaveTheSendToTheDrainer() throws Exception {
        ThreadRecordingProducer producer = new ThreadRecordingProducer(false);
        publisher = new KafkaAuditPublisher(producer, TOPICS, 1024, dir, LIMITS, Duration.ofSeconds(5));
        await(publisher::requestThreadsSend);
        String megabytePath = "/" + "p".repeat(1 << 20);
        // Each event is the path and well under 1,000 bytes more.
        int fit = (int) (KafkaAuditPublisher.MAX_REQUEST_THREAD_BYTES / (megabytePath.length() + 1_000));
        for (int i = 0; i < fit + 1; i++) {
            assertTrue(publisher.offer(withPath(event(i), megabytePath)));
        }
        await(() -> producer.history().size() == fit + 1);
        assertEquals(List.of(Thread.currentThread().getName()), producer.senders().subList(0, fit).stream().distinct().toList());
        assertEquals("audit-publisher", producer.senders().get(fit), "the send that would pass 8 MiB went through the queue");
        completeAll(producer);
        await(() -> publisher.stats().published() == fit + 1);
        offer(100, 101);
        assertEquals(Thread.currentThread().getName(), producer.senders().get(fit + 1), "acknowledged bytes no longer count");
    }

    @Test
    void aRefusalTheProducerReportsByCallbackStopsRequestThreadsAtOnce() throws Exception {
        ThreadRecordingProducer producer = new ThreadRecordingProducer(false);
        publisher = new KafkaAuditPublisher(producer, TOPICS, 1024, dir, LIMITS, Duration.ofSeconds(5));
        await(publisher::requestThreadsSend);
        offer(0, 2);
        // What KafkaProducer does with a full buffer or missing metadata: the callback, not a throw.
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("buffer full"));
        assertFalse(publisher.requestThreadsSend());
        completeAll(producer);
        await(() -> publisher.stats().spooled() == 1);
        await(() -> {
            completeAll(producer);
            return !publisher.stats().spooling();
        });
        await(() -> publisher.stats().published() == 2);
        assertEquals(1, publisher.stats().replayed());
        assertEquals(0, publisher.stats().lost());
    }

    @Test
    void aSendTheProducerRefusesOnARequestThreadIsSpooledAndRequestThreadsStopSending() throws Exception {
        ThreadRecordingProducer producer = new ThreadRecordingProducer(true);
        publisher = new KafkaAuditPublisher(producer, TOPICS, 1024, dir, LIMITS, Duration.ofSeconds(5));
        await(publisher::requestThreadsSend);
        offer(0, 3);
        producer.sendException = new org.apache.kafka.common.errors.TimeoutException("buffer full");
        offer(3, 4);
        assertFalse(publisher.requestThreadsSend(), "the next events wait for the drainer's decision");
        await(() -> publisher.stats().spooled() == 1);
        producer.sendException = null;
        offer(4, 6);
        await(() -> !publisher.stats().spooling() && producer.history().size() == 6);
        assertEquals(ids(0, 6), sentIds(producer), "the refused event was replayed from the spool before the later ones");
        assertEquals(0, publisher.stats().lost());
    }

    @Test
    void eventsKafkaRefusesForAReasonThatMayPassAreSpooledAndRetried() throws Exception {
        MockProducer<String, byte[]> producer = producer(false);
        publisher = new KafkaAuditPublisher(producer, TOPICS, 1024, dir, LIMITS, Duration.ofSeconds(5));
        offer(0, 3);
        await(() -> producer.history().size() == 3);
        producer.errorNext(new TopicAuthorizationException("not allowed"));
        producer.completeNext();
        producer.completeNext();
        await(() -> publisher.stats().spooled() == 1);
        await(() -> producer.history().size() == 4);
        completeAll(producer);
        await(() -> !publisher.stats().spooling());
        List<String> sent = sentIds(producer);
        assertEquals(ids(0, 3), sent.subList(0, 3));
        assertEquals("req-0", sent.get(3), "the refused event went again, from the spool");
        assertEquals(0, publisher.stats().lost());
    }

    @Test
    void eventsKafkaCanNeverTakeAreCountedNotRetried() throws Exception {
        MockProducer<String, byte[]> producer = producer(false);
        publisher = new KafkaAuditPublisher(producer, TOPICS, 1024, dir, LIMITS, Duration.ofSeconds(5));
        offer(0, 2);
        await(() -> producer.history().size() == 2);
        producer.errorNext(new RecordTooLargeException("too large"));
        producer.completeNext();
        await(() -> publisher.stats().rejectedByBroker() == 1);
        Thread.sleep(100);
        assertEquals(0, publisher.stats().spooled());
        assertFalse(publisher.stats().spooling());
        assertEquals(1, publisher.stats().lost());
    }

    @Test
    void underTheRejectPolicyAFullSpoolStopsAcceptingUntilReplayMakesRoom() throws Exception {
        SpoolLimits tiny = new SpoolLimits(4096, 2048, SpoolLimits.Fsync.NEVER, 0, SpoolLimits.WhenFull.REJECT);
        MockProducer<String, byte[]> producer = producer(false);
        publisher = new KafkaAuditPublisher(producer, TOPICS, 1024, dir, tiny, Duration.ofMillis(50));
        offer(0, 1);
        await(() -> producer.history().size() == 1);
        Thread.sleep(100);
        offer(1, 40);
        await(() -> !publisher.accepting());
        assertTrue(publisher.stats().droppedSpoolFull() > 0);
        assertFalse(publisher.stats().spooling() && publisher.accepting());

        completeAll(producer);
        await(() -> { completeAll(producer); return !publisher.stats().spooling(); });
        assertTrue(publisher.accepting());
        assertEquals(40, publisher.stats().published() + publisher.stats().droppedSpoolFull());
    }

    @Test
    void aRestartedPublisherReplaysWhatItsPredecessorSpooled() throws Exception {
        MockProducer<String, byte[]> silent = producer(false);
        KafkaAuditPublisher first = new KafkaAuditPublisher(silent, TOPICS, 1024, dir, LIMITS, Duration.ofMillis(50));
        offer(first, 0, 1);
        await(() -> silent.history().size() == 1);
        Thread.sleep(100);
        offer(first, 1, 20);
        await(() -> first.stats().spooled() == 19);
        first.close(Duration.ofMillis(100));

        MockProducer<String, byte[]> producer = producer(true);
        publisher = new KafkaAuditPublisher(producer, TOPICS, 1024, dir, LIMITS, Duration.ofSeconds(2));
        await(() -> producer.history().size() == 19);
        assertEquals(ids(1, 20), sentIds(producer));
        await(() -> !publisher.stats().spooling());
    }

    @Test
    void aFullDiskIsCountedAndLoggedAndUnderRejectStopsAcceptance() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isWritable(Path.of("/dev/full")));
        // Every write to /dev/full fails with ENOSPC, as on a full disk.
        java.nio.file.Files.createSymbolicLink(dir.resolve(String.format("%020d", 0) + ".seg"), Path.of("/dev/full"));
        SpoolLimits reject = new SpoolLimits(1 << 20, 64 * 1024, SpoolLimits.Fsync.NEVER, 0, SpoolLimits.WhenFull.REJECT);
        MockProducer<String, byte[]> producer = producer(false);
        publisher = new KafkaAuditPublisher(producer, TOPICS, 1024, dir, reject, Duration.ofMillis(50));
        offer(0, 1);
        await(() -> producer.history().size() == 1);
        Thread.sleep(100);
        offer(1, 5);
        await(() -> publisher.stats().droppedSpoolError() == 4);
        assertFalse(publisher.accepting(), "reject: no traffic that cannot be audited");
        assertEquals(4, publisher.stats().lost());
        completeAll(producer);
        await(() -> !publisher.stats().spooling());
        assertTrue(publisher.accepting(), "Kafka is back: events go direct again");
        offer(5, 6);
        await(() -> producer.history().size() == 2);
    }

    @Test
    void aSpoolDamagedByACrashIsReplayedAsFarAsItIsIntact() throws Exception {
        try (io.keytrail.gateway.audit.spool.Spool spool = io.keytrail.gateway.audit.spool.Spool.open(dir, LIMITS)) {
            for (int i = 0; i < 10; i++) {
                AuthEvent event = event(i);
                String topic = event.success() ? TOPICS.authSuccess() : TOPICS.authFailure();
                spool.append(new SpooledRecord(event.success(), event.partitionKey(),
                        EventSerdes.authEvent().serialize(topic, event)).encode());
            }
        }
        Path segment = dir.resolve(String.format("%020d", 0) + ".seg");
        java.nio.file.Files.write(segment, new byte[] {0, 0, 1, 0, 9, 9}, java.nio.file.StandardOpenOption.APPEND);
        MockProducer<String, byte[]> producer = producer(true);
        publisher = new KafkaAuditPublisher(producer, TOPICS, 1024, dir, LIMITS, Duration.ofSeconds(2));
        await(() -> producer.history().size() == 10);
        assertEquals(ids(0, 10), sentIds(producer));
        assertEquals(6, publisher.stats().spool().corruptBytes());
        await(() -> !publisher.stats().spooling());
        offer(10, 11);
        await(() -> producer.history().size() == 11);
    }

    private void offer(int from, int to) {
        offer(publisher, from, to);
    }

    private static void offer(KafkaAuditPublisher to, int from, int until) {
        for (int i = from; i < until; i++) {
            assertTrue(to.offer(event(i)));
        }
    }

    static AuthEvent event(int i) {
        boolean success = i % 2 == 0;
        return new AuthEvent(AuthEvent.SCHEMA_VERSION, EventIds.next(),
                success ? AuthEventType.AUTH_SUCCESS : AuthEventType.AUTH_FAILURE, Instant.now(), "req-" + i, "gw-test",
                "orders", "/orders", "GET", "/orders/1", success ? 200 : 401, new AuthEvent.Latency(100, 50L),
                new AuthEvent.Client("10.0.0.1", "test"), null, success ? "dev-" + i : null, success ? "shop" : null,
                success ? null : io.keytrail.events.FailureReason.UNKNOWN_KEY);
    }

    private static AuthEvent withPath(AuthEvent e, String path) {
        return new AuthEvent(e.schemaVersion(), e.eventId(), e.type(), e.time(), e.requestId(), e.gatewayNode(), e.apiId(),
                e.route(), e.method(), path, e.status(), e.latency(), e.client(), e.credential(), e.developerId(),
                e.projectId(), e.reason());
    }

    private static MockProducer<String, byte[]> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
    }

    /** A mock producer that also records which thread each send came from. */
    private static final class ThreadRecordingProducer extends MockProducer<String, byte[]> {
        private final List<String> senders = new java.util.concurrent.CopyOnWriteArrayList<>();

        ThreadRecordingProducer(boolean autoComplete) {
            super(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                ProducerRecord<String, byte[]> record, org.apache.kafka.clients.producer.Callback callback) {
            java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> sent = super.send(record, callback);
            senders.add(Thread.currentThread().getName());
            return sent;
        }

        List<String> senders() {
            return senders;
        }
    }

    private static void completeAll(MockProducer<String, byte[]> producer) {
        while (producer.completeNext()) {
            // acknowledge everything sent so far
        }
    }

    private static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "req-" + i).toList();
    }

    private static List<String> sentIds(MockProducer<String, byte[]> producer) {
        return producer.history().stream().map(KafkaAuditPublisherTest::requestId).toList();
    }

    private static String requestId(ProducerRecord<String, byte[]> record) {
        return EventSerdes.authEvent().deserialize(record.topic(), record.value()).requestId();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
