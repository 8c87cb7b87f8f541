package io.keytrail.gateway.reload;

import java.util.List;

/**
 * What one reload did.
 *
 * @param problem         why the file was refused, naming the field; {@code null} unless {@code REJECTED}
 * @param restartRequired the sections (kebab-case) that differ from what the gateway started with
 *                        and take effect only after a restart
 */
public record ReloadResult(Outcome outcome, String problem, List<String> restartRequired) {
    public enum Outcome {
        /** A new routing table is in force. */
        RELOADED,
        /** Nothing reloadable changed; the routing table in force stays, with its health state. */
        UNCHANGED,
        /** The file could not be used; the configuration in force stays. */
        REJECTED
    }

    public ReloadResult {
        restartRequired = List.copyOf(restartRequired);
    }
}
