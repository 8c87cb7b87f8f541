package io.keytrail.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.EventSerdes;
import io.keytrail.gateway.audit.spool.SpoolLimits;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher under request threads that send themselves, while Kafka goes back and forth between
 * acknowledging, refusing, making {@code send} throw and going silent past spill-after. Holds it to:
 * every accepted event is acknowledged (or counted lost); an event goes direct at most once and into
 * the spool at most once, and is sent again only when a replay batch was refused; a thread's events
 * that were never spooled reach Kafka in the order it offered them; and once Kafka is back nothing is
 * left in flight, in the queue or in the spool, and request threads send again.
 */
class KafkaAuditPublisherConcurrencyTest {
    static final SpoolLimits ROOMY = new SpoolLimits(256L << 20, 1 << 20, SpoolLimits.Fsync.NEVER, 0,
            SpoolLimits.WhenFull.DROP_OLDEST);
    static final Duration SPILL_AFTER = Duration.ofMillis(100);
    static final int CAPACITY = 256;
    static final int THREADS = 4;
    static final int MIN_EVENTS_PER_THREAD = 2_000;
    /** Event ids are thread * ID_STRIDE + the thread's own counter, so the id tells whose and which. */
    static final int ID_STRIDE = 1_000_000;

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
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void underConcurrentRequestThreadsAndAFlakyKafkaEveryAcceptedEventIsAcknowledgedOnceAndInOrder() throws Exception {
        RecordingProducer producer = new RecordingProducer(false);
        publisher = new KafkaAuditPublisher(producer, KafkaAuditPublisherTest.TOPICS, CAPACITY, dir, ROOMY, SPILL_AFTER);
        await(publisher::requestThreadsSend, 10);

        AtomicBoolean chaosOver = new AtomicBoolean();
        Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        AtomicLong refusedOffers = new AtomicLong();
        AtomicLong longestOfferNanos = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                try {
                    for (int n = 0; n < MIN_EVENTS_PER_THREAD || !chaosOver.get(); n++) {
                        int id = thread * ID_STRIDE + n;
                        while (true) {
                            long start = System.nanoTime();
                            boolean taken = publisher.offer(KafkaAuditPublisherTest.event(id));
                            longestOfferNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                            if (taken) {
                                accepted.add(id);
                                break;
                            }
                            // The queue was full: counted as dropped; the same request id comes again.
                            refusedOffers.incrementAndGet();
                            LockSupport.parkNanos(200_000);
                        }
                        if (n % 2 == 1) {
                            LockSupport.parkNanos(1_000_000);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "offer-" + t));
        }
        Kafka kafka = new Kafka(producer);
        boolean settled;
        Thread acker = new Thread(() -> {
            try {
                kafka.misbehave();
                chaosOver.set(true);
                kafka.acknowledgeUntilStopped();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                chaosOver.set(true);
            }
        }, "kafka");
        threads.forEach(Thread::start);
        acker.start();
        try {
            for (Thread thread : threads) {
                thread.join(40_000);
                assertFalse(thread.isAlive(), thread.getName() + " still offering");
            }
            assertEquals(null, failure.get(), "an offering thread or Kafka failed");

            // Kafka is back for good: everything accepted is acknowledged, and the publisher settles.
            settled = within(() -> {
                PublisherStats.Snapshot stats = publisher.stats();
                return !stats.spooling() && stats.buffered() == 0 && stats.spoolPending() == 0
                        && producer.pending() == 0 && ackedIds(producer.sends()).containsAll(accepted);
            }, 25);
        } finally {
            kafka.stop();
            acker.join(5_000);
        }
        assertEquals(null, failure.get(), "Kafka failed");
        // Nothing sent after it settled: no late second copies.
        int sentWhenSettled = producer.sends().size();
        Thread.sleep(200);
        completeAll(producer);
        assertEquals(sentWhenSettled, producer.sends().size(), "sent again after everything was acknowledged");

        List<Send> sends = producer.sends();
        Map<Integer, List<Send>> byId = new HashMap<>();
        for (Send send : sends) {
            byId.computeIfAbsent(send.id(), id -> new ArrayList<>()).add(send);
        }
        PublisherStats.Snapshot stats = publisher.stats();

        // Nothing accepted is missing, nothing sent was not accepted.
        Set<Integer> acked = ackedIds(sends);
        Set<Integer> missing = new HashSet<>(accepted);
        missing.removeAll(acked);
        assertTrue(missing.isEmpty(), missing.size() + " accepted events Kafka never acknowledged, e.g. "
                + missing.stream().sorted().limit(10).toList() + "; " + stats);
        assertTrue(settled, "the publisher did not settle: " + stats);
        assertEquals(accepted, byId.keySet(), "sent only what was accepted");
        assertEquals(accepted.size(), stats.accepted());
        assertEquals(refusedOffers.get(), stats.droppedBufferFull());
        assertEquals(stats.droppedBufferFull(), stats.lost(), "offers refused at once (queue full) are the only losses");
        // Offer never waits for Kafka or the drainer (the bound only leaves room for a stalled machine).
        assertTrue(longestOfferNanos.get() < 2_000_000_000L, "an offer took " + longestOfferNanos.get() / 1_000_000 + " ms");

        // At most one direct send per event and at most one spooling; an event acknowledged on its
        // direct send is never sent again.
        int spooledIds = 0;
        for (Map.Entry<Integer, List<Send>> entry : byId.entrySet()) {
            List<Send> ofEvent = entry.getValue();
            List<Send> direct = ofEvent.stream().filter(send -> !send.replay()).toList();
            assertTrue(direct.size() <= 1, "event " + entry.getKey() + " went direct twice: " + ofEvent);
            if (!direct.isEmpty() && direct.get(0).outcome() == Outcome.ACKED) {
                assertEquals(1, ofEvent.size(), "event " + entry.getKey() + " acknowledged direct, then sent again: " + ofEvent);
            }
            Set<Long> sequences = new HashSet<>();
            ofEvent.stream().filter(Send::replay).forEach(send -> sequences.add(send.sequence));
            assertTrue(sequences.size() <= 1, "event " + entry.getKey() + " spooled twice: " + ofEvent);
            spooledIds += sequences.size();
        }
        assertEquals(spooledIds, stats.spooled(), "every spooled event was replayed");

        // A spooled event goes again only when the replay batch it was in was refused: a replay that
        // goes back to a sequence it sent before (rewinds to the first event of the batch) must find
        // a refused replay send since that event's previous send.
        Map<Long, Integer> lastReplay = new HashMap<>();
        long previousSequence = -1;
        for (int i = 0; i < sends.size(); i++) {
            Send send = sends.get(i);
            if (!send.replay()) {
                continue;
            }
            Integer previous = lastReplay.put(send.sequence, i);
            if (previous != null && send.sequence != previousSequence + 1) {
                boolean refusedSince = IntStream.range(previous, i).mapToObj(sends::get)
                        .anyMatch(s -> s.replay() && s.outcome() != Outcome.ACKED);
                assertTrue(refusedSince, "the replay went back to spooled event " + send.id() + " (sequence "
                        + send.sequence + ") though no replay was refused since send " + previous);
            }
            assertTrue(previous != null || send.sequence > previousSequence,
                    "a replay skipped back to sequence " + send.sequence + " it had not sent");
            previousSequence = send.sequence;
        }

        // Each thread's events that never touched the spool reach Kafka in the order it offered them.
        int[] lastDirect = new int[THREADS];
        java.util.Arrays.fill(lastDirect, -1);
        for (Send send : sends) {
            if (send.replay() || send.outcome() != Outcome.ACKED) {
                continue;
            }
            int thread = send.id() / ID_STRIDE;
            int n = send.id() % ID_STRIDE;
            assertTrue(n > lastDirect[thread], "thread " + thread + ": event " + n + " sent after its event "
                    + lastDirect[thread]);
            lastDirect[thread] = n;
        }

        // Acknowledgements and counters agree; no send is still counted in flight.
        long ackedSends = sends.stream().filter(send -> send.outcome() == Outcome.ACKED).count();
        long ackedReplays = sends.stream().filter(send -> send.replay() && send.outcome() == Outcome.ACKED).count();
        assertEquals(ackedSends, stats.published());
        assertEquals(ackedReplays, stats.replayed());
        assertEquals(0, privateField(publisher, "inflight", AtomicInteger.class).get(), "direct sends counted in flight");
        assertEquals(0, privateField(publisher, "batchOutstanding", AtomicInteger.class).get());
        assertEquals(0, privateField(publisher, "refused", java.util.Queue.class).size());

        // The test did exercise what it claims to.
        long fromRequestThreads = sends.stream().filter(send -> send.thread.startsWith("offer-")).count();
        long drainerDirect = sends.stream().filter(send -> !send.replay() && send.thread.equals("audit-publisher")).count();
        long erroredDirect = sends.stream().filter(send -> !send.replay() && send.outcome() == Outcome.ERRORED).count();
        long threwOnRequestThreads = sends.stream()
                .filter(send -> send.thread.startsWith("offer-") && send.outcome() == Outcome.THREW).count();
        assertTrue(fromRequestThreads > 0, "request threads sent themselves");
        assertTrue(drainerDirect > 0, "the drainer sent queued events direct");
        assertTrue(stats.spooled() > 0, "events were spooled");
        assertTrue(erroredDirect > 0, "Kafka refused direct sends");
        assertTrue(threwOnRequestThreads > 0, "send threw on a request thread");
        assertTrue(kafka.silences.get() >= 2 && kafka.refusals.get() > 0);

        // Request threads send again: the flag did not stay off.
        await(publisher::requestThreadsSend, 10);
        int before = producer.sends().size();
        assertTrue(publisher.offer(KafkaAuditPublisherTest.event(THREADS * ID_STRIDE)));
        assertEquals(before + 1, producer.sends().size(), "sent before offer returned");
        assertEquals(Thread.currentThread().getName(), producer.sends().get(before).thread);
    }

    @Test
    void aRequestThreadDoesNotOvertakeAQueuedEventTheDrainerIsStillSending() throws Exception {
        GatedProducer producer = new GatedProducer();
        publisher = new KafkaAuditPublisher(producer, KafkaAuditPublisherTest.TOPICS, 8, dir, ROOMY, Duration.ofSeconds(30));
        await(publisher::requestThreadsSend, 10);
        offer(0, 8);
        assertEquals(8, producer.history().size(), "the first eight went direct");

        producer.holdTheDrainer();
        offer(8, 9);
        assertTrue(producer.drainerHeld.await(10, TimeUnit.SECONDS), "the ninth, beyond the in-flight cap, went to the drainer");
        completeAll(producer);
        // Kafka acknowledged everything a request thread sent; the drainer is in the middle of its send.
        offer(9, 10);
        producer.release();
        await(() -> producer.history().size() == 10, 10);
        completeAll(producer);
        assertEquals(List.of("req-0", "req-1", "req-2", "req-3", "req-4", "req-5", "req-6", "req-7", "req-8", "req-9"),
                producer.history().stream().map(KafkaAuditPublisherConcurrencyTest::requestId).toList(),
                "the tenth waited for the ninth");
        await(() -> publisher.stats().published() == 10, 10);
        assertEquals(0, publisher.stats().spooled());
    }

    @Test
    void whileTheSpoolIsReplayedRequestThreadsLeaveTheirEventsToTheDrainer() throws Exception {
        RecordingProducer producer = new RecordingProducer(false);
        publisher = new KafkaAuditPublisher(producer, KafkaAuditPublisherTest.TOPICS, 1024, dir, ROOMY, Duration.ofSeconds(30));
        await(publisher::requestThreadsSend, 10);
        offer(0, 3);
        assertEquals(3, producer.history().size());
        producer.errorNext(new TopicAuthorizationException("not allowed, for now"));
        completeAll(producer);
        // The refused event is spooled and its replay is out, unacknowledged.
        await(() -> publisher.stats().spooled() == 1 && producer.history().size() == 4, 10);
        Thread.sleep(50);
        assertTrue(publisher.stats().spooling());
        assertFalse(publisher.requestThreadsSend());

        offer(3, 6);
        Thread.sleep(50);
        assertEquals(4, producer.history().size(), "nothing sent past the spool while it is replayed");
        completeAll(producer);
        await(() -> producer.history().size() == 7, 10);
        completeAll(producer);
        assertEquals(List.of("req-0", "req-1", "req-2", "req-0", "req-3", "req-4", "req-5"),
                producer.history().stream().map(KafkaAuditPublisherConcurrencyTest::requestId).toList());
        await(() -> !publisher.stats().spooling() && publisher.stats().published() == 6, 10);
        assertEquals(0, publisher.stats().lost());
    }

    /** What Kafka does to the publisher, from the acknowledging thread. */
    private static final class Kafka {
        private final RecordingProducer producer;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicInteger errorKind = new AtomicInteger();
        final AtomicInteger silences = new AtomicInteger();
        final AtomicInteger refusals = new AtomicInteger();

        Kafka(RecordingProducer producer) {
            this.producer = producer;
        }

        /**
         * Two rounds of: acknowledging; refusing a few (direct) sends; send throwing while request
         * threads send; silence past spill-after; acknowledging with a retriable refusal now and then;
         * acknowledging in slow bursts, so more than the cap is in flight; a run of refusals.
         */
        void misbehave() throws InterruptedException {
            for (int round = 0; round < 2; round++) {
                acknowledge(300, 0, 0);
                refuse(3);
                acknowledge(100, 0, 0);
                throwOnSendWhileRequestThreadsSend();
                acknowledge(300, 0, 0);
                silences.incrementAndGet();
                Thread.sleep(2 * SPILL_AFTER.toMillis() + 50);
                acknowledge(400, 40, 0);
                acknowledge(400, 0, SPILL_AFTER.toMillis() * 3 / 5);
                refuse(15);
                acknowledge(300, 0, 0);
            }
        }

        void acknowledgeUntilStopped() throws InterruptedException {
            while (!stopped.get()) {
                acknowledge(50, 0, 0);
            }
        }

        void stop() {
            stopped.set(true);
        }

        /**
         * @param errorEvery every this many-th completion is a retriable refusal, 0 for none
         * @param burstMillis acknowledges all in flight every this many ms, 0 for at once
         */
        private void acknowledge(long millis, int errorEvery, long burstMillis) throws InterruptedException {
            long deadline = System.nanoTime() + millis * 1_000_000;
            int completions = 0;
            while (System.nanoTime() < deadline) {
                boolean any = false;
                while (errorEvery > 0 && ++completions % errorEvery == 0 ? refuseNext() : producer.completeNext()) {
                    any = true;
                }
                if (burstMillis > 0) {
                    Thread.sleep(burstMillis);
                } else if (!any) {
                    Thread.sleep(1);
                }
            }
        }

        /** Refuses the next {@code count} sends, waiting up to a second for them to be made. */
        private void refuse(int count) throws InterruptedException {
            long deadline = System.nanoTime() + 1_000_000_000L;
            for (int refused = 0; refused < count && System.nanoTime() < deadline; ) {
                if (refuseNext()) {
                    refused++;
                } else {
                    Thread.sleep(1);
                }
            }
        }

        private boolean refuseNext() {
            boolean refused = producer.errorNext(errorKind.getAndIncrement() % 2 == 0
                    ? new TimeoutException("expired in the accumulator")
                    : new TopicAuthorizationException("not allowed, for now"));
            if (refused) {
                refusals.incrementAndGet();
            }
            return refused;
        }

        /** Makes send throw, for a few milliseconds at a time, until a request thread's send has thrown. */
        private void throwOnSendWhileRequestThreadsSend() throws InterruptedException {
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (!producer.requestThreadSendsThrew() && System.nanoTime() < deadline) {
                // Kafka keeps acknowledging meanwhile, so the publisher goes direct and lets request threads send.
                completeAll(producer);
                synchronized (producer) {
                    producer.sendException = new TimeoutException("buffer full");
                }
                Thread.sleep(5);
                synchronized (producer) {
                    producer.sendException = null;
                }
                Thread.sleep(20);
            }
        }
    }

    enum Outcome { PENDING, ACKED, ERRORED, THREW }

    /** One call of {@code send}: what, from which thread, whether from the spool, and what Kafka said. */
    static final class Send {
        final ProducerRecord<String, byte[]> record;
        final String thread;
        /** The spool sequence of a replayed record, -1 for a direct one. */
        final long sequence;
        volatile Outcome outcome = Outcome.PENDING;
        private int id = -1;

        Send(ProducerRecord<String, byte[]> record, String thread, long sequence) {
            this.record = record;
            this.thread = thread;
            this.sequence = sequence;
        }

        boolean replay() {
            return sequence >= 0;
        }

        Outcome outcome() {
            return outcome;
        }

        int id() {
            if (id < 0) {
                id = Integer.parseInt(requestId(record).substring("req-".length()));
            }
            return id;
        }

        @Override
        public String toString() {
            return (replay() ? "replay#" + sequence : "direct") + " from " + thread + ": " + outcome;
        }
    }

    /** A mock producer that records every send, the thread it came from and what became of it. */
    static final class RecordingProducer extends MockProducer<String, byte[]> {
        private final List<Send> sends = new ArrayList<>();
        private boolean requestThreadSendsThrew;

        RecordingProducer(boolean autoComplete) {
            super(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            Send send = new Send(record, Thread.currentThread().getName(), sequence(callback));
            sends.add(send);
            try {
                return super.send(record, (metadata, exception) -> {
                    send.outcome = exception == null ? Outcome.ACKED : Outcome.ERRORED;
                    callback.onCompletion(metadata, exception);
                });
            } catch (RuntimeException e) {
                send.outcome = Outcome.THREW;
                requestThreadSendsThrew |= send.thread.startsWith("offer-");
                throw e;
            }
        }

        synchronized List<Send> sends() {
            return new ArrayList<>(sends);
        }

        synchronized long pending() {
            return sends.stream().filter(send -> send.outcome == Outcome.PENDING).count();
        }

        synchronized boolean requestThreadSendsThrew() {
            return requestThreadSendsThrew;
        }
    }

    /** A mock producer that, when told, holds the drainer's next send until released. */
    static final class GatedProducer extends MockProducer<String, byte[]> {
        final CountDownLatch drainerHeld = new CountDownLatch(1);
        private final CountDownLatch gate = new CountDownLatch(1);
        private volatile boolean holding;

        GatedProducer() {
            super(false, null, new StringSerializer(), new ByteArraySerializer());
        }

        void holdTheDrainer() {
            holding = true;
        }

        void release() {
            gate.countDown();
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            if (holding && Thread.currentThread().getName().equals("audit-publisher")) {
                holding = false;
                drainerHeld.countDown();
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.send(record, callback);
        }
    }

    private static final Map<Class<?>, Field> SEQUENCE = new ConcurrentHashMap<>();

    /** The spool sequence the publisher's callback carries: at least 0 for a replayed record. */
    private static long sequence(Callback callback) {
        try {
            Field field = SEQUENCE.computeIfAbsent(callback.getClass(), type -> {
                try {
                    Field f = type.getDeclaredField("sequence");
                    f.setAccessible(true);
                    return f;
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException("the publisher's callback has no sequence: " + type, e);
                }
            });
            return field.getLong(callback);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T privateField(Object of, String name, Class<T> type) throws ReflectiveOperationException {
        Field field = of.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return type.cast(field.get(of));
    }

    private static Set<Integer> ackedIds(List<Send> sends) {
        Set<Integer> acked = new HashSet<>();
        for (Send send : sends) {
            if (send.outcome() == Outcome.ACKED) {
                acked.add(send.id());
            }
        }
        return acked;
    }

    private void offer(int from, int until) {
        for (int i = from; i < until; i++) {
            assertTrue(publisher.offer(KafkaAuditPublisherTest.event(i)));
        }
    }

    private static void completeAll(MockProducer<String, byte[]> producer) {
        while (producer.completeNext()) {
            // acknowledge everything sent so far
        }
    }

    private static String requestId(ProducerRecord<String, byte[]> record) {
        return EventSerdes.authEvent().deserialize(record.topic(), record.value()).requestId();
    }

    private static boolean within(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(5);
        }
    }
}
