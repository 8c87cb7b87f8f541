package io.keytrail.gateway.reload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Reloads on SIGHUP, the signal daemons conventionally reload on, where the JVM lets us handle it. */
public final class ReloadSignal {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadSignal.class);

    private ReloadSignal() {
    }

    /** Runs {@code reload} on each SIGHUP; {@code false} when this platform or JVM does not allow it. */
    public static boolean install(Runnable reload) {
        try {
            Signal.handle(new Signal("HUP"), signal -> {
                try {
                    reload.run();
                } catch (RuntimeException e) {
                    LOG.error("reload on SIGHUP failed", e);
                }
            });
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // Windows has no SIGHUP; a JVM started with -Xrs keeps it for itself.
            LOG.warn("cannot handle SIGHUP here ({}); change the configuration file to reload it", e.toString());
            return false;
        }
    }
}
