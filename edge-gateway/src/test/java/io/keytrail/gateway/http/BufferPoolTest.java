package io.keytrail.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.connector.PooledByteBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The lock-free buffer pool: reuse, release from other threads, double release, the array-backed twin. */
class BufferPoolTest {
    @Test
    void aReleasedBufferIsLentAgainClearedAndAReleaseTwiceCountsOnce() {
        BufferPool pool = new BufferPool(true, 4096);
        PooledByteBuffer first = pool.allocate();
        ByteBuffer buffer = first.getBuffer();
        assertTrue(buffer.isDirect());
        assertEquals(4096, buffer.capacity());
        buffer.put((byte) 7).flip();
        first.close();
        first.close();
        assertFalse(first.isOpen());
        assertThrows(IllegalStateException.class, first::getBuffer);
        PooledByteBuffer again = pool.allocate();
        assertSame(buffer, again.getBuffer(), "the same buffer, reused");
        assertEquals(0, again.getBuffer().position());
        assertEquals(4096, again.getBuffer().limit());
        assertNotSame(buffer, pool.allocate().getBuffer(), "lent once at a time, never twice");
    }

    @Test
    void buffersReleasedOnOtherThreadsComeBackWithoutBeingLentTwice() throws Exception {
        BufferPool pool = new BufferPool(true, 1024);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        PooledByteBuffer a = pool.allocate();
                        PooledByteBuffer b = pool.allocate();
                        assertNotSame(a.getBuffer(), b.getBuffer());
                        a.getBuffer().putInt(i);
                        b.close();
                        a.close();
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            Map<ByteBuffer, Boolean> lent = new IdentityHashMap<>();
            for (int i = 0; i < 64; i++) {
                ByteBuffer buffer = pool.allocate().getBuffer();
                assertTrue(lent.put(buffer, true) == null, "a buffer lent twice at once");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theArrayBackedPoolLendsHeapBuffers() {
        BufferPool pool = new BufferPool(true, 2048);
        assertTrue(pool.isDirect());
        assertFalse(pool.getArrayBackedPool().isDirect());
        assertTrue(pool.getArrayBackedPool().allocate().getBuffer().hasArray());
        assertEquals(2048, pool.getArrayBackedPool().getBufferSize());
        pool.close();
        assertThrows(IllegalStateException.class, pool::allocate);
    }
}
