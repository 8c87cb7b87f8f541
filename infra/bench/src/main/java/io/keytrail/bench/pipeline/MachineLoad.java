package io.keytrail.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine was while a figure was measured: it has two cores and is shared, so a figure
 * without the load beside it cannot be compared with another.
 */
public final class MachineLoad {
    private final long busyStart;
    private final long totalStart;

    private MachineLoad(long[] cpu) {
        this.busyStart = cpu[0];
        this.totalStart = cpu[1];
    }

    /** Starts counting CPU ticks now. */
    public static MachineLoad start() {
        return new MachineLoad(cpuTicks());
    }

    /** Share of all cores' time spent busy (by anyone) since {@link #start()}, 0–1, or -1 when unknown. */
    public double busyShare() {
        long[] now = cpuTicks();
        long total = now[1] - totalStart;
        return total <= 0 || now[1] < 0 ? -1 : Math.round((now[0] - busyStart) * 1000.0 / total) / 1000.0;
    }

    /** The one-minute load average, or -1 when unknown. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {busy, total} jiffies over all cores from /proc/stat; idle and iowait count as not busy. */
    private static long[] cpuTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }
}
