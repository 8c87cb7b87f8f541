package io.keytrail.cli.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keytrail.cli.args.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LimitsTest {
    @ParameterizedTest
    @CsvSource({"100/60s,100,60", "100/60,100,60", "10/s,10,1", "1000/1h,1000,3600", "5/m,5,60", "1/1d,1,86400",
            "1000000000/1s,1000000000,1"})
    void rateLimits(String text, long requests, long window) {
        assertEquals(new RateLimit(requests, window), RateLimit.parse("--rate-limit", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "100/", "/60s", "0/60s", "1000000001/1s", "100/0s", "100/2d", "x/60s", "100/60x",
            "100/60s/1"})
    void badRateLimits(String text) {
        assertThrows(UsageException.class, () -> RateLimit.parse("--rate-limit", text));
    }

    @Test
    void rateLimitDisplay() {
        assertEquals("100/1m", new RateLimit(100, 60).display());
        assertEquals("7/1h30m", new RateLimit(7, 5400).display());
    }

    @ParameterizedTest
    @CsvSource({"10000/DAY,10000,DAY", "5/hour,5,HOUR", "1000000000000/Month,1000000000000,MONTH"})
    void quotas(String text, long requests, String period) {
        assertEquals(new Quota(requests, period), Quota.parse("--quota", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10000", "10000/WEEK", "0/DAY", "1000000000001/DAY", "/DAY", "10/DAY/2"})
    void badQuotas(String text) {
        assertThrows(UsageException.class, () -> Quota.parse("--quota", text));
    }

    @Test
    void ids() {
        assertEquals("shop.v2_eu-1", Ids.entity("--project", "shop.v2_eu-1"));
        assertEquals("key_0123456789abcdef", Ids.key("key_0123456789abcdef"));
        for (String bad : new String[] {"", "a b", "../x", "x/y", "é", "a".repeat(65)}) {
            assertThrows(UsageException.class, () -> Ids.entity("--project", bad), bad);
        }
        for (String bad : new String[] {"key_", "key_0123456789ABCDEF", "key_0123456789abcde", "../admin", "KEY_0123456789abcdef"}) {
            assertThrows(UsageException.class, () -> Ids.key(bad), bad);
        }
    }
}
