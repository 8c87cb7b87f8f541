package io.keytrail.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Active health checks of an API's targets (section {@code upstreams.health-check}): every
 * {@code intervalMs} each target is sent {@code GET path}; a target is taken out of the balancing
 * after {@code unhealthyThreshold} failed checks in a row and put back after
 * {@code healthyThreshold} passed ones.
 *
 * @param path           requested on each target's scheme, host and port, whatever the target's own path
 * @param timeoutMs      for connecting, and again for the answer; longer counts as a failed check
 * @param expectedStatus the statuses that pass: {@code 200-399} or a single code such as {@code 204}
 */
public record HealthCheckSettings(String path, Integer intervalMs, Integer timeoutMs, Integer healthyThreshold,
        Integer unhealthyThreshold, String expectedStatus) {
    public static final int DEFAULT_INTERVAL_MS = 5_000;
    public static final int DEFAULT_TIMEOUT_MS = 1_000;
    public static final int DEFAULT_HEALTHY_THRESHOLD = 2;
    public static final int DEFAULT_UNHEALTHY_THRESHOLD = 3;
    public static final String DEFAULT_EXPECTED_STATUS = "200-399";
    private static final Pattern STATUS = Pattern.compile("([1-5][0-9][0-9])(?:\\s*-\\s*([1-5][0-9][0-9]))?");

    public HealthCheckSettings {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.chars().anyMatch(c -> c <= ' ' || c == 127)
                || path.contains("#")) {
            throw new ConfigException("path", "must be a path starting with '/', without spaces or fragment, got '" + path + "'");
        }
        try {
            new URI("http://check" + path);
        } catch (URISyntaxException e) {
            throw new ConfigException("path", "is not a valid URL path: '" + path + "'");
        }
        intervalMs = Checks.between("interval-ms", intervalMs, DEFAULT_INTERVAL_MS, 100, 3_600_000);
        timeoutMs = Checks.between("timeout-ms", timeoutMs, DEFAULT_TIMEOUT_MS, 50, 60_000);
        healthyThreshold = Checks.between("healthy-threshold", healthyThreshold, DEFAULT_HEALTHY_THRESHOLD, 1, 100);
        unhealthyThreshold = Checks.between("unhealthy-threshold", unhealthyThreshold, DEFAULT_UNHEALTHY_THRESHOLD, 1, 100);
        expectedStatus = expectedStatus == null ? DEFAULT_EXPECTED_STATUS : expectedStatus.trim();
        int[] range = range(expectedStatus);
        if (range == null || range[0] > range[1]) {
            throw new ConfigException("expected-status",
                    "must be a status code or a range such as 200-399, between 100 and 599, got '" + expectedStatus + "'");
        }
    }

    /** Whether a check answered with {@code status} passed. */
    public boolean passes(int status) {
        int[] range = range(expectedStatus);
        return status >= range[0] && status <= range[1];
    }

    private static int[] range(String expected) {
        Matcher m = STATUS.matcher(expected);
        if (!m.matches()) {
            return null;
        }
        int from = Integer.parseInt(m.group(1));
        return new int[] {from, m.group(2) == null ? from : Integer.parseInt(m.group(2))};
    }
}
