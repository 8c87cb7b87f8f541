package io.keytrail.streams;

import java.time.Duration;

/**
 * When an alert fires. Each rule counts in tumbling event-time windows and fires once per subject
 * and window, when the count reaches its threshold.
 *
 * @param ipFailures       failed authentications from one client IP per {@code failureWindow}
 * @param keyFailures      failed authentications with one known key per {@code failureWindow}
 * @param failureWindow    the window of the two failure-burst rules
 * @param deadKeyWindow    a revoked or expired key being tried raises one alert per key per this window
 * @param keyIps           distinct client IPs one key is used from per {@code keyIpWindow}
 * @param keyIpWindow      the window of the distinct-IP rule
 * @param ipLate           how long after its window has ended (in event time) a failure still counts
 *                         towards its IP's burst. The IP rule is the one count that moves events
 *                         between partitions (by IP): while a backlog is caught up, the partitions
 *                         of the auth topics advance through event time at different speeds, so its
 *                         input jumps back by as much as they drift apart — with the usage windows'
 *                         grace of seconds nearly every burst of a caught-up outage went unreported.
 *                         An alert raised late is better than none; the cost is one stored count per
 *                         IP and minute with failures, kept this long.
 */
public record AlertSettings(int ipFailures, int keyFailures, Duration failureWindow, Duration deadKeyWindow,
                            int keyIps, Duration keyIpWindow, Duration ipLate) {
    public static final String IP_FAILURES = "streams.alerts.ip-failures";
    public static final String KEY_FAILURES = "streams.alerts.key-failures";
    public static final String FAILURE_WINDOW_MS = "streams.alerts.failure-window-ms";
    public static final String DEAD_KEY_WINDOW_MS = "streams.alerts.dead-key-window-ms";
    public static final String KEY_IPS = "streams.alerts.key-ips";
    public static final String KEY_IP_WINDOW_MS = "streams.alerts.key-ip-window-ms";
    public static final String IP_LATE_MS = "streams.alerts.ip-late-ms";
    /** Beyond the input's default age limit a failure is a dead letter anyway. */
    public static final Duration MAX_IP_LATE = Duration.ofDays(7);
    public static final Duration DEFAULT_IP_LATE = Duration.ofHours(6);
    /** Remembering more distinct IPs per key than this would let one key's state grow without bound. */
    public static final int MAX_KEY_IPS = 10_000;

    public static final AlertSettings DEFAULTS = new AlertSettings(50, 20, Duration.ofMinutes(1), Duration.ofHours(1),
            20, Duration.ofHours(1), DEFAULT_IP_LATE);

    public AlertSettings {
        atLeastOne(IP_FAILURES, ipFailures);
        atLeastOne(KEY_FAILURES, keyFailures);
        InputSettings.positive(FAILURE_WINDOW_MS, failureWindow);
        InputSettings.positive(DEAD_KEY_WINDOW_MS, deadKeyWindow);
        if (keyIps < 2 || keyIps > MAX_KEY_IPS) {
            throw new SettingsException(KEY_IPS, "must be between 2 and " + MAX_KEY_IPS + ", got '" + keyIps + "'");
        }
        InputSettings.positive(KEY_IP_WINDOW_MS, keyIpWindow);
        if (ipLate == null || ipLate.isNegative() || ipLate.compareTo(MAX_IP_LATE) > 0) {
            throw new SettingsException(IP_LATE_MS, "must be between 0 and " + MAX_IP_LATE.toMillis()
                    + " milliseconds, got " + (ipLate == null ? "none" : "'" + ipLate.toMillis() + "'"));
        }
    }

    /** With the default lateness for the IP rule. */
    public AlertSettings(int ipFailures, int keyFailures, Duration failureWindow, Duration deadKeyWindow, int keyIps,
                         Duration keyIpWindow) {
        this(ipFailures, keyFailures, failureWindow, deadKeyWindow, keyIps, keyIpWindow, DEFAULT_IP_LATE);
    }

    private static void atLeastOne(String key, int value) {
        if (value < 1) {
            throw new SettingsException(key, "must be a positive integer, got '" + value + "'");
        }
    }
}
