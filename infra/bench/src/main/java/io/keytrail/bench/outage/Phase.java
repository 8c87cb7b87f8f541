package io.keytrail.bench.outage;

import java.util.ArrayList;
import java.util.List;

/** What the broker is doing during one phase of the outage benchmark. */
enum Phase {
    UP("broker running"),
    DOWN("broker frozen (SIGSTOP): connections hang, nothing is acknowledged"),
    KILLED("broker killed (SIGKILL): connections refused"),
    RESTARTED("broker started again after the kill (same command line), the spool replaying");

    final String description;

    Phase(String description) {
        this.description = description;
    }

    /**
     * The phases at one rate: UP, then DOWN and UP {@code cycles} times, so that every DOWN phase
     * lies between two UP phases and whatever drift the machine has falls on both alike; with
     * {@code kill}, then KILLED and, with {@code restart}, RESTARTED.
     */
    static List<Phase> plan(int cycles, boolean kill, boolean restart) {
        if (cycles < 1) {
            throw new IllegalArgumentException("cycles must be at least 1, not " + cycles);
        }
        if (restart && !kill) {
            throw new IllegalArgumentException("a restart needs a kill first");
        }
        List<Phase> phases = new ArrayList<>();
        phases.add(UP);
        for (int i = 0; i < cycles; i++) {
            phases.add(DOWN);
            phases.add(UP);
        }
        if (kill) {
            phases.add(KILLED);
            if (restart) {
                phases.add(RESTARTED);
            }
        }
        return phases;
    }
}
