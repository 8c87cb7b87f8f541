package io.keytrail.bench.outage;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The options, system properties {@code bench.*}; see {@code docs/policy-outage.md}. */
record OutageSettings(List<Double> rates, int connections, int warmupSeconds, int phaseSeconds, int settleSeconds,
        int cycles, boolean kill, boolean restart, int scrapeMillis, String label, String gatewayJavaOpts) {
    OutageSettings {
        rates = List.copyOf(rates);
        if (rates.isEmpty() || rates.stream().anyMatch(r -> !(r > 0))) {
            throw new IllegalArgumentException("bench.rate must be one or more positive rates, comma-separated: " + rates);
        }
        require(connections >= 1, "bench.connections must be at least 1");
        require(warmupSeconds >= 0, "bench.warmupSeconds must not be negative");
        require(phaseSeconds >= 2, "bench.phaseSeconds must be at least 2");
        require(settleSeconds >= 0 && settleSeconds < phaseSeconds,
                "bench.settleSeconds must be at least 0 and less than bench.phaseSeconds (" + phaseSeconds + ")");
        require(cycles >= 1, "bench.cycles must be at least 1");
        require(kill || !restart, "bench.restart needs bench.kill");
        require(scrapeMillis >= 100, "bench.scrapeMillis must be at least 100");
    }

    static OutageSettings from(Properties p) {
        int phaseSeconds = Integer.parseInt(p.getProperty("bench.phaseSeconds", "25"));
        boolean kill = Boolean.parseBoolean(p.getProperty("bench.kill", "true"));
        return new OutageSettings(
                Arrays.stream(p.getProperty("bench.rate", "2000").split(",")).map(String::trim)
                        .map(Double::parseDouble).toList(),
                Integer.parseInt(p.getProperty("bench.connections", "32")),
                Integer.parseInt(p.getProperty("bench.warmupSeconds", "20")), phaseSeconds,
                Integer.parseInt(p.getProperty("bench.settleSeconds", Integer.toString(defaultSettleSeconds(phaseSeconds)))),
                Integer.parseInt(p.getProperty("bench.cycles", "3")), kill,
                Boolean.parseBoolean(p.getProperty("bench.restart", Boolean.toString(kill))),
                Integer.parseInt(p.getProperty("bench.scrapeMillis", "500")), p.getProperty("bench.label", "outage"),
                p.getProperty("bench.gatewayJavaOpts", ""));
    }

    /**
     * A fifth of a phase, from 1 to 5 s: of 25 s phases the first 5, which hold the 2 s of
     * silence after which the gateway starts spooling.
     */
    static int defaultSettleSeconds(int phaseSeconds) {
        return Math.max(1, Math.min(5, phaseSeconds / 5));
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rates", rates);
        map.put("connections", connections);
        map.put("warmupSeconds", warmupSeconds);
        map.put("phaseSeconds", phaseSeconds);
        map.put("settleSeconds", settleSeconds);
        map.put("cycles", cycles);
        map.put("kill", kill);
        map.put("restart", restart);
        map.put("scrapeMillis", scrapeMillis);
        map.put("gatewayJavaOpts", gatewayJavaOpts);
        return map;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
