package io.keytrail.gateway.audit.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only, size-bounded queue of records on local disk that survives restarts: where audit
 * events wait while Kafka cannot take them. Records live in segment files named by the sequence
 * number of their first record, each record framed as {@code [length][CRC32C][payload]}; a small
 * cursor file remembers how far delivery was confirmed, and fully delivered segments are deleted.
 *
 * <p>A torn or corrupt tail (a crash mid-write, a damaged disk) is cut off when the spool opens, and
 * a corrupt record met while reading skips the rest of its segment; both are logged and counted,
 * and every record still intact is kept. Delivery is at least once: records read but not yet
 * {@linkplain #commit committed} before a crash are read again after it.
 *
 * <p>Not thread-safe: one thread (the publisher's) owns a spool, so it needs no locks.
 */
public final class Spool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    static final int HEADER_BYTES = 8;
    static final String SUFFIX = ".seg";
    static final String CURSOR = "cursor";

    private final Path dir;
    private final SpoolLimits limits;
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    private FileChannel writer;
    private long nextSequence;
    private long totalBytes;
    private long lastSyncNanos = System.nanoTime();
    private boolean unsynced;
    /** The next record to read: its segment and byte offset in it, and its sequence number. */
    private Segment readSegment;
    private long readOffset;
    private long readSequence;
    /** Records before this sequence number are delivered. */
    private long committed;
    private final SpoolCounts counts = new SpoolCounts();
    private FileChannel lockChannel;

    /** One segment file: the sequence number of its first record, its size, and how many records it holds. */
    static final class Segment {
        final long base;
        final Path file;
        long bytes;
        long records;

        Segment(long base, Path file, long bytes, long records) {
            this.base = base;
            this.file = file;
            this.bytes = bytes;
            this.records = records;
        }
    }

    /** One record read back: its payload and the sequence number to {@link #commit} once it is delivered. */
    public record Entry(long sequence, byte[] payload) {
    }

    private Spool(Path dir, SpoolLimits limits) {
        this.dir = dir;
        this.limits = limits;
    }

    /**
     * Opens the spool in {@code dir} (created when missing), recovering what a previous process left:
     * intact records are kept, a damaged tail is cut off.
     */
    public static Spool open(Path dir, SpoolLimits limits) throws IOException {
        Objects.requireNonNull(limits, "limits");
        Files.createDirectories(dir);
        Spool spool = new Spool(dir, limits);
        spool.lock();
        try {
            spool.recover();
        } catch (IOException | RuntimeException e) {
            spool.lockChannel.close();
            throw e;
        }
        return spool;
    }

    /** Two processes appending to one spool would interleave their records: the second may not start. */
    private void lock() throws IOException {
        lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (lockChannel.tryLock() == null) {
                lockChannel.close();
                throw new IOException("audit spool " + dir + " is in use by another process");
            }
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lockChannel.close();
            throw new IOException("audit spool " + dir + " is already open in this process", e);
        }
    }

    private void recover() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        for (Path file : files) {
            long base = Long.parseLong(file.getFileName().toString().replace(SUFFIX, ""));
            Segment segment = new Segment(base, file, 0, 0);
            scan(segment);
            segments.add(segment);
            totalBytes += segment.bytes;
        }
        committed = readCursor();
        Segment last = segments.peekLast();
        nextSequence = last == null ? committed : Math.max(committed, last.base + last.records);
        // Segments wholly delivered before the crash may still be on disk.
        while (!segments.isEmpty() && segments.peekFirst().base + segments.peekFirst().records <= committed
                && segments.size() > 1) {
            Segment done = segments.pollFirst();
            totalBytes -= done.bytes;
            delete(done);
        }
        rewind();
        if (last != null) {
            writer = FileChannel.open(last.file, StandardOpenOption.WRITE);
        }
        if (pending() > 0) {
            LOG.info("audit spool {} holds {} undelivered events ({} bytes)", dir, pending(), totalBytes);
        }
    }

    /** Counts a segment's intact records and cuts it after the last one. */
    private void scan(Segment segment) throws IOException {
        try (FileChannel channel = FileChannel.open(segment.file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long offset = 0;
            long records = 0;
            while (offset < size) {
                int length = recordLength(channel, offset, size);
                if (length < 0) {
                    break;
                }
                offset += HEADER_BYTES + length;
                records++;
            }
            if (offset < size) {
                LOG.warn("audit spool segment {}: {} damaged bytes after {} intact events cut off", segment.file,
                        size - offset, records);
                counts.corruptBytes += size - offset;
                channel.truncate(offset);
                channel.force(true);
            }
            segment.bytes = offset;
            segment.records = records;
        }
    }

    /**
     * Appends one record. When it does not fit in {@link SpoolLimits#maxBytes}, the
     * {@link SpoolLimits#whenFull} policy decides: drop the oldest segment (its undelivered records
     * counted as dropped) or refuse the new record.
     *
     * @return {@code false} when the record was refused
     */
    public boolean append(byte[] payload) throws IOException {
        long size = HEADER_BYTES + (long) payload.length;
        if (size > limits.segmentBytes()) {
            throw new IllegalArgumentException("record of " + payload.length + " bytes exceeds the segment size");
        }
        while (totalBytes + size > limits.maxBytes()) {
            if (limits.whenFull() == SpoolLimits.WhenFull.REJECT || segments.isEmpty()) {
                counts.rejected++;
                return false;
            }
            dropOldest();
        }
        Segment last = segments.peekLast();
        if (last == null || last.bytes + size > limits.segmentBytes()) {
            last = roll();
        }
        crc.reset();
        crc.update(payload);
        header.clear();
        header.putInt(payload.length).putInt((int) crc.getValue()).flip();
        long at = last.bytes;
        writeFully(writer, new ByteBuffer[] {header, ByteBuffer.wrap(payload)}, at);
        last.bytes += size;
        last.records++;
        totalBytes += size;
        nextSequence++;
        counts.appended++;
        unsynced = true;
        if (limits.fsync() == SpoolLimits.Fsync.ALWAYS) {
            sync();
        } else if (limits.fsync() == SpoolLimits.Fsync.INTERVAL
                && System.nanoTime() - lastSyncNanos >= limits.fsyncIntervalMillis() * 1_000_000L) {
            sync();
        }
        if (readSegment == null) {
            readSegment = last;
            readOffset = at;
        }
        return true;
    }

    /**
     * Moves the read position back to the first record not yet committed, so records read but not
     * delivered (Kafka refused them) are read again.
     */
    public void rewind() throws IOException {
        readSegment = segments.peekFirst();
        readOffset = 0;
        readSequence = readSegment == null ? Math.max(committed, nextSequence) : readSegment.base;
        while (readSegment != null && readSequence < committed) {
            if (!skipOne()) {
                break;
            }
        }
        if (readSegment != null && readOffset >= readSegment.bytes) {
            advanceSegment();
        }
    }

    /** Forces records to disk when the {@code INTERVAL} policy says it is time; call it regularly. */
    public void syncIfDue() throws IOException {
        if (unsynced && limits.fsync() == SpoolLimits.Fsync.INTERVAL
                && System.nanoTime() - lastSyncNanos >= limits.fsyncIntervalMillis() * 1_000_000L) {
            sync();
        }
    }

    /** Forces appended records to disk, if any are not yet. */
    public void sync() throws IOException {
        if (unsynced && writer != null) {
            writer.force(false);
            unsynced = false;
        }
        lastSyncNanos = System.nanoTime();
    }

    /** Reads up to {@code max} records from the read position on, without committing them. */
    public List<Entry> read(int max) throws IOException {
        List<Entry> entries = new ArrayList<>(Math.min(max, 1024));
        while (entries.size() < max && readSegment != null) {
            if (readOffset >= readSegment.bytes) {
                if (!advanceSegment()) {
                    break;
                }
                continue;
            }
            try (FileChannel channel = FileChannel.open(readSegment.file, StandardOpenOption.READ)) {
                while (entries.size() < max && readOffset < readSegment.bytes) {
                    int length = recordLength(channel, readOffset, readSegment.bytes);
                    if (length < 0) {
                        LOG.warn("audit spool segment {}: damaged event at byte {}, skipping the rest of the segment",
                                readSegment.file, readOffset);
                        counts.corruptBytes += readSegment.bytes - readOffset;
                        readOffset = readSegment.bytes;
                        break;
                    }
                    ByteBuffer payload = ByteBuffer.allocate(length);
                    readFully(channel, payload, readOffset + HEADER_BYTES);
                    entries.add(new Entry(readSequence++, payload.array()));
                    readOffset += HEADER_BYTES + length;
                }
            }
        }
        return entries;
    }

    /**
     * Confirms every record up to and including {@code sequence} delivered: they are never read
     * again, not even after a restart, and segments holding only such records are deleted.
     */
    public void commit(long sequence) throws IOException {
        long delivered = sequence + 1;
        if (delivered <= committed) {
            return;
        }
        committed = delivered;
        writeCursor(delivered);
        while (segments.size() > 1 && segments.peekFirst().base + segments.peekFirst().records <= delivered
                && segments.peekFirst() != readSegment) {
            Segment done = segments.pollFirst();
            totalBytes -= done.bytes;
            delete(done);
        }
    }

    /** Records appended but not yet read. */
    public long pending() {
        return nextSequence - readSequence;
    }

    public long bytes() {
        return totalBytes;
    }

    public SpoolCounts.Snapshot counts() {
        return counts.snapshot();
    }

    @Override
    public void close() throws IOException {
        try {
            if (writer != null) {
                sync();
                writer.close();
                writer = null;
            }
        } finally {
            lockChannel.close();
        }
    }

    private Segment roll() throws IOException {
        if (writer != null) {
            sync();
            writer.close();
        }
        Path file = dir.resolve(String.format("%020d", nextSequence) + SUFFIX);
        writer = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Segment segment = new Segment(nextSequence, file, 0, 0);
        segments.addLast(segment);
        return segment;
    }

    private void dropOldest() throws IOException {
        Segment oldest = segments.peekFirst();
        if (segments.size() == 1) {
            roll();
        }
        segments.pollFirst();
        counts.dropped += Math.max(0, oldest.base + oldest.records - Math.max(readSequence, oldest.base));
        LOG.warn("audit spool full ({} bytes): dropped its oldest {} events", limits.maxBytes(), oldest.records);
        totalBytes -= oldest.bytes;
        delete(oldest);
        if (readSegment == oldest) {
            readSegment = segments.peekFirst();
            readOffset = 0;
            readSequence = readSegment.base;
        }
    }

    private boolean advanceSegment() {
        boolean found = false;
        for (Segment segment : segments) {
            if (found) {
                readSegment = segment;
                readOffset = 0;
                readSequence = segment.base;
                return true;
            }
            found = segment == readSegment;
        }
        return false;
    }

    private boolean skipOne() throws IOException {
        if (readOffset >= readSegment.bytes) {
            return advanceSegment();
        }
        try (FileChannel channel = FileChannel.open(readSegment.file, StandardOpenOption.READ)) {
            int length = recordLength(channel, readOffset, readSegment.bytes);
            if (length < 0) {
                return false;
            }
            readOffset += HEADER_BYTES + length;
            readSequence++;
            return true;
        }
    }

    /** The payload length of the intact record at {@code offset}, or -1 when it is torn or corrupt. */
    private int recordLength(FileChannel channel, long offset, long end) throws IOException {
        if (end - offset < HEADER_BYTES) {
            return -1;
        }
        ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES);
        readFully(channel, head, offset);
        head.flip();
        int length = head.getInt();
        int expected = head.getInt();
        if (length < 0 || length > limits.segmentBytes() || end - offset - HEADER_BYTES < length) {
            return -1;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(channel, payload, offset + HEADER_BYTES);
        CRC32C check = new CRC32C();
        check.update(payload.array());
        return (int) check.getValue() == expected ? length : -1;
    }

    private long readCursor() throws IOException {
        Path cursor = dir.resolve(CURSOR);
        if (!Files.exists(cursor)) {
            return segments.isEmpty() ? 0 : segments.peekFirst().base;
        }
        try {
            return Long.parseLong(Files.readString(cursor).trim());
        } catch (NumberFormatException e) {
            LOG.warn("audit spool cursor {} is damaged; replaying every event still on disk", cursor);
            counts.corruptBytes += Files.size(cursor);
            return segments.isEmpty() ? 0 : segments.peekFirst().base;
        }
    }

    private void writeCursor(long delivered) throws IOException {
        Path tmp = dir.resolve(CURSOR + ".tmp");
        Files.writeString(tmp, Long.toString(delivered));
        try {
            Files.move(tmp, dir.resolve(CURSOR), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(CURSOR), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void delete(Segment segment) {
        try {
            Files.deleteIfExists(segment.file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete audit spool segment " + segment.file, e);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer[] buffers, long position) throws IOException {
        long at = position;
        for (ByteBuffer buffer : buffers) {
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of spool segment");
            }
            at += n;
        }
    }
}
