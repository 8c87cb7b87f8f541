package io.keytrail.bench.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs wrk (closed loop, saturation) and reads its figures from a Lua {@code done} hook. */
final class Wrk {
    /** One wrk run; latencies in microseconds, CPU in seconds of the load generator itself. */
    record Run(double requestsPerSecond, long requests, long errors, long non2xx, long p50, long p99, long p999,
            long max, double wrkCpuSeconds) {
    }

    private static final String REPORT = """
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format('WRK_JSON {"requests":%d,"durationMicros":%d,"errors":%d,"non2xx":%d,' ..
                '"p50":%d,"p99":%d,"p999":%d,"max":%d}\\n', summary.requests, summary.duration,
                e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50),
                latency:percentile(99), latency:percentile(99.9), latency.max))
            end
            """;

    private final Path script;

    Wrk(Path workDir) throws IOException {
        this.script = workDir.resolve("report.lua");
        Files.writeString(script, REPORT);
    }

    Run run(String url, List<String> headers, int threads, int connections, int seconds) throws IOException, InterruptedException {
        List<String> wrk = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--timeout", "10s", "-s", script.toString()));
        for (String header : headers) {
            wrk.add("-H");
            wrk.add(header);
        }
        wrk.add(url);
        // bash's 'times' reports the CPU its children used: wrk's own cost on this 2-core machine.
        String command = String.join(" ", wrk.stream().map(Wrk::quote).toList()) + "; times";
        Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("wrk failed: " + output);
        }
        JsonNode json = null;
        double cpu = 0;
        List<String> lines = output.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("WRK_JSON ")) {
                json = Json.mapper().readTree(line.substring("WRK_JSON ".length()));
            }
        }
        // 'times' prints two lines: the shell's own times, then its children's ("0m1.234s 0m0.567s").
        String children = lines.get(lines.size() - 1).trim();
        for (String part : children.split("\\s+")) {
            cpu += minutesSeconds(part);
        }
        if (json == null) {
            throw new IOException("wrk printed no report: " + output);
        }
        double measured = json.get("durationMicros").asLong() / 1e6;
        return new Run(json.get("requests").asLong() / measured, json.get("requests").asLong(), json.get("errors").asLong(),
                json.get("non2xx").asLong(), json.get("p50").asLong(), json.get("p99").asLong(), json.get("p999").asLong(),
                json.get("max").asLong(), cpu);
    }

    private static double minutesSeconds(String value) {
        int m = value.indexOf('m');
        return Double.parseDouble(value.substring(0, m)) * 60 + Double.parseDouble(value.substring(m + 1, value.length() - 1));
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
