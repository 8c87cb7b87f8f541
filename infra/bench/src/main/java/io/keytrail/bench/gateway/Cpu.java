package io.keytrail.bench.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU time of processes from /proc, in seconds: user plus system, all threads. */
public final class Cpu {
    /** Linux reports in clock ticks, 100 per second on every platform Java runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private Cpu() {
    }

    public static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may hold spaces; fields are counted after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    public static double seconds(List<Long> pids) {
        double total = 0;
        for (long pid : pids) {
            total += seconds(pid);
        }
        return total;
    }
}
