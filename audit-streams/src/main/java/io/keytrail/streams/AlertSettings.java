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
 */
public record AlertSettings(int ipFailures, int keyFailures, Duration failureWindow, Duration deadKeyWindow,
                            int keyIps, Duration keyIpWindow) {
    public static final String IP_FAILURES = "streams.alerts.ip-failures";
    public static final String KEY_FAILURES = "streams.alerts.key-failures";
    public static final String FAILURE_WINDOW_MS = "streams.alerts.failure-window-ms";
    public static final String DEAD_KEY_WINDOW_MS = "streams.alerts.dead-key-window-ms";
    public static final String KEY_IPS = "streams.alerts.key-ips";
    public static final String KEY_IP_WINDOW_MS = "streams.alerts.key-ip-window-ms";
    /** Remembering more distinct IPs per key than this would let one key's state grow without bound. */
    public static final int MAX_KEY_IPS = 10_000;

    public static final AlertSettings DEFAULTS = new AlertSettings(50, 20, Duration.ofMinutes(1), Duration.ofHours(1),
            20, Duration.ofHours(1));

    public AlertSettings {
        atLeastOne(IP_FAILURES, ipFailures);
        atLeastOne(KEY_FAILURES, keyFailures);
        InputSettings.positive(FAILURE_WINDOW_MS, failureWindow);
        InputSettings.positive(DEAD_KEY_WINDOW_MS, deadKeyWindow);
        if (keyIps < 2 || keyIps > MAX_KEY_IPS) {
            throw new SettingsException(KEY_IPS, "must be between 2 and " + MAX_KEY_IPS + ", got '" + keyIps + "'");
        }
        InputSettings.positive(KEY_IP_WINDOW_MS, keyIpWindow);
    }

    private static void atLeastOne(String key, int value) {
        if (value < 1) {
            throw new SettingsException(key, "must be a positive integer, got '" + value + "'");
        }
    }
}
