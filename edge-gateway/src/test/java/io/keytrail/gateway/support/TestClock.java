package io.keytrail.gateway.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A UTC clock the test sets and moves by hand; the gateway's threads read it safely. */
public final class TestClock extends Clock {
    private final AtomicLong millis;

    public TestClock(long millis) {
        this.millis = new AtomicLong(millis);
    }

    public TestClock(Instant start) {
        this(start.toEpochMilli());
    }

    public void set(Instant instant) {
        millis.set(instant.toEpochMilli());
    }

    public void advance(long deltaMillis) {
        millis.addAndGet(deltaMillis);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
