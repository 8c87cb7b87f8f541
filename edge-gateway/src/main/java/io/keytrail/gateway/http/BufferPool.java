package io.keytrail.gateway.http;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jctools.queues.MpmcArrayQueue;

/**
 * The byte buffers of the gateway's listener and upstream connections, without a lock anywhere:
 * each thread keeps a few buffers of its own and the rest wait in a bounded lock-free queue.
 * Undertow's own pool reaches its per-thread caches through one synchronized map shared by every
 * IO thread, on every allocation and every release; under load on two cores a thread preempted
 * while holding that monitor stalled the others for 10 to 50 ms (JFR monitor-enter events).
 */
public final class BufferPool implements ByteBufferPool {
    /** Undertow's default for a heap of the gateway's size. */
    public static final int DEFAULT_BUFFER_BYTES = 16 * 1024;
    static final int THREAD_CACHE = 8;
    static final int SHARED = 4096;

    private final boolean direct;
    private final int bufferSize;
    private final MpmcArrayQueue<ByteBuffer> shared = new MpmcArrayQueue<>(SHARED);
    private final ThreadLocal<ArrayDeque<ByteBuffer>> cache = ThreadLocal.withInitial(() -> new ArrayDeque<>(THREAD_CACHE));
    private final BufferPool arrayBacked;
    private volatile boolean closed;

    public BufferPool(boolean direct, int bufferSize) {
        if (bufferSize < 1024) {
            throw new IllegalArgumentException("bufferSize must be at least 1024, got " + bufferSize);
        }
        this.direct = direct;
        this.bufferSize = bufferSize;
        this.arrayBacked = direct ? new BufferPool(false, bufferSize) : this;
    }

    @Override
    public PooledByteBuffer allocate() {
        if (closed) {
            throw new IllegalStateException("buffer pool closed");
        }
        ByteBuffer buffer = cache.get().pollFirst();
        if (buffer == null) {
            buffer = shared.relaxedPoll();
        }
        if (buffer == null) {
            buffer = direct ? ByteBuffer.allocateDirect(bufferSize) : ByteBuffer.allocate(bufferSize);
        }
        buffer.clear();
        return new Pooled(this, buffer);
    }

    void release(ByteBuffer buffer) {
        if (closed) {
            return;
        }
        ArrayDeque<ByteBuffer> own = cache.get();
        if (own.size() < THREAD_CACHE) {
            own.addFirst(buffer);
        } else {
            // A full pool lets the buffer go; the garbage collector frees its memory.
            shared.relaxedOffer(buffer);
        }
    }

    @Override
    public ByteBufferPool getArrayBackedPool() {
        return arrayBacked;
    }

    @Override
    public int getBufferSize() {
        return bufferSize;
    }

    @Override
    public boolean isDirect() {
        return direct;
    }

    @Override
    public void close() {
        closed = true;
        shared.clear();
        if (arrayBacked != this) {
            arrayBacked.close();
        }
    }

    /** One lent buffer; closing it twice returns it once. */
    private static final class Pooled implements PooledByteBuffer {
        private static final AtomicIntegerFieldUpdater<Pooled> CLOSED =
                AtomicIntegerFieldUpdater.newUpdater(Pooled.class, "closed");
        private final BufferPool pool;
        private final ByteBuffer buffer;
        private volatile int closed;

        Pooled(BufferPool pool, ByteBuffer buffer) {
            this.pool = pool;
            this.buffer = buffer;
        }

        @Override
        public ByteBuffer getBuffer() {
            if (closed != 0) {
                throw new IllegalStateException("buffer already released");
            }
            return buffer;
        }

        @Override
        public void close() {
            if (CLOSED.compareAndSet(this, 0, 1)) {
                pool.release(buffer);
            }
        }

        @Override
        public boolean isOpen() {
            return closed == 0;
        }
    }
}
