package io.keytrail.gateway.audit.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk spool: order, restarts, damaged files, and the disk budget under both policies. */
class SpoolTest {
    static final SpoolLimits SMALL = new SpoolLimits(64 * 1024, 1024, SpoolLimits.Fsync.NEVER, 0,
            SpoolLimits.WhenFull.DROP_OLDEST);

    @TempDir
    Path dir;

    @Test
    void recordsComeBackInOrderAcrossSegments() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL)) {
            append(spool, 0, 100);
            assertTrue(segments().size() > 5, "100 records of ~70 bytes span several 1 KiB segments");
            assertEquals(100, spool.pending());
            List<String> read = new ArrayList<>();
            for (List<Spool.Entry> batch; !(batch = spool.read(7)).isEmpty(); ) {
                batch.forEach(e -> read.add(text(e)));
            }
            assertEquals(expected(0, 100), read);
            assertEquals(0, spool.pending());
        }
    }

    @Test
    void committedSegmentsAreDeletedAndUncommittedRecordsSurviveARestart() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL)) {
            append(spool, 0, 100);
            long before = spool.bytes();
            List<Spool.Entry> batch = spool.read(60);
            spool.commit(batch.get(39).sequence());
            assertTrue(spool.bytes() < before, "delivered segments are deleted");
        }
        try (Spool spool = Spool.open(dir, SMALL)) {
            assertEquals(60, spool.pending(), "records 40.. were not committed, so they are read again");
            assertEquals(expected(40, 100), texts(spool.read(1000)));
            append(spool, 100, 110);
            assertEquals(expected(100, 110), texts(spool.read(1000)));
        }
    }

    @Test
    void aTornTailIsCutOffAndEverythingBeforeItKept() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL)) {
            append(spool, 0, 5);
        }
        Path last = segments().get(segments().size() - 1);
        Files.write(last, new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 'p', 'a', 'r'}, StandardOpenOption.APPEND);
        try (Spool spool = Spool.open(dir, SMALL)) {
            assertEquals(11, spool.counts().corruptBytes());
            append(spool, 5, 8);
            assertEquals(expected(0, 8), texts(spool.read(100)));
        }
    }

    @Test
    void aCorruptRecordSkipsTheRestOfItsSegmentOnly() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL)) {
            append(spool, 0, 60);
        }
        Path first = segments().get(0);
        long firstSegmentRecords;
        try (Spool spool = Spool.open(dir, SMALL)) {
            firstSegmentRecords = 0;
            for (Spool.Entry entry : spool.read(1000)) {
                if (entry.sequence() < Long.parseLong(segments().get(1).getFileName().toString().replace(".seg", ""))) {
                    firstSegmentRecords++;
                }
            }
        }
        // Flip one payload byte of the third record of the first (not last) segment.
        int recordBytes = Spool.HEADER_BYTES + bytes(0).length;
        try (FileChannel channel = FileChannel.open(first, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'X'}), 2L * recordBytes + Spool.HEADER_BYTES + 3);
        }
        Files.deleteIfExists(dir.resolve(Spool.CURSOR));
        try (Spool spool = Spool.open(dir, SMALL)) {
            List<String> read = texts(spool.read(1000));
            List<String> expected = new ArrayList<>(expected(0, 2));
            expected.addAll(expected((int) firstSegmentRecords, 60));
            assertEquals(expected, read);
            assertTrue(spool.counts().corruptBytes() > 0);
        }
    }

    @Test
    void whenFullTheOldestSegmentIsDroppedAndCounted() throws IOException {
        SpoolLimits tiny = new SpoolLimits(4096, 1024, SpoolLimits.Fsync.INTERVAL, 50, SpoolLimits.WhenFull.DROP_OLDEST);
        try (Spool spool = Spool.open(dir, tiny)) {
            append(spool, 0, 300);
            assertTrue(spool.bytes() <= 4096, "within budget: " + spool.bytes());
            List<String> kept = texts(spool.read(1000));
            assertEquals(300, kept.size() + spool.counts().dropped(), "every record is either kept or counted dropped");
            assertEquals(expected(300 - kept.size(), 300), kept, "the newest records are kept, in order");
        }
    }

    @Test
    void whenFullUnderRejectNewRecordsAreRefusedUntilDeliveryMakesRoom() throws IOException {
        SpoolLimits tiny = new SpoolLimits(4096, 1024, SpoolLimits.Fsync.ALWAYS, 0, SpoolLimits.WhenFull.REJECT);
        try (Spool spool = Spool.open(dir, tiny)) {
            int accepted = 0;
            while (spool.append(bytes(accepted))) {
                accepted++;
            }
            assertEquals(1, spool.counts().rejected());
            assertEquals(0, spool.counts().dropped());
            List<Spool.Entry> all = spool.read(1000);
            assertEquals(expected(0, accepted), texts(all));
            spool.commit(all.get(all.size() - 1).sequence());
            assertTrue(spool.append(bytes(accepted)), "delivered segments made room");
        }
    }

    @Test
    void rewindReadsAgainWhatWasReadButNotCommitted() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL)) {
            append(spool, 0, 50);
            spool.commit(spool.read(20).get(19).sequence());
            assertEquals(expected(20, 35), texts(spool.read(15)));
            spool.rewind();
            assertEquals(expected(20, 50), texts(spool.read(1000)));
            spool.commit(49);
            spool.rewind();
            assertTrue(spool.read(10).isEmpty());
            append(spool, 50, 51);
            assertEquals(List.of("event-00050"), texts(spool.read(10)));
        }
    }

    @Test
    void aSpoolCannotBeOpenedTwice() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL)) {
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Spool.open(dir, SMALL));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
        }
        Spool.open(dir, SMALL).close();
    }

    @Test
    void aDamagedCursorReplaysEverythingStillOnDisk() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL)) {
            append(spool, 0, 10);
            spool.commit(spool.read(3).get(2).sequence());
        }
        Files.writeString(dir.resolve(Spool.CURSOR), "garbage");
        try (Spool spool = Spool.open(dir, SMALL)) {
            assertEquals(expected(0, 10), texts(spool.read(100)), "at least once: duplicates, never losses");
        }
    }

    @Test
    void anEmptySpoolReadsNothingAndSurvivesRestartsEmpty() throws IOException {
        try (Spool spool = Spool.open(dir, SMALL)) {
            assertTrue(spool.read(10).isEmpty());
            assertEquals(0, spool.pending());
        }
        try (Spool spool = Spool.open(dir, SMALL)) {
            append(spool, 0, 1);
            spool.commit(spool.read(10).get(0).sequence());
        }
        try (Spool spool = Spool.open(dir, SMALL)) {
            assertFalse(spool.read(10).iterator().hasNext());
            append(spool, 1, 2);
            assertEquals(List.of("event-00001"), texts(spool.read(10)));
        }
    }

    private static void append(Spool spool, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            assertTrue(spool.append(bytes(i)));
        }
    }

    private static byte[] bytes(int i) {
        // Padded to about an audit event's tenth, so a 1 KiB segment holds a dozen.
        return String.format("event-%05d%50s", i, "").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> expected(int from, int to) {
        List<String> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add(String.format("event-%05d", i));
        }
        return list;
    }

    private static String text(Spool.Entry entry) {
        return new String(entry.payload(), StandardCharsets.UTF_8).trim();
    }

    private static List<String> texts(List<Spool.Entry> entries) {
        return entries.stream().map(SpoolTest::text).toList();
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
        }
    }
}
