package io.keytrail.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.gateway.audit.spool.SpoolLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit section (buffer, spill delay, spool) and the topics' retention, from YAML and environment. */
class AuditConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsKeepASpoolPerNodeUnderData() {
        GatewaySettings settings = GatewaySettings.load(null, Map.of("KEYTRAIL_NODE_ID", "gw-9"));
        assertEquals(Path.of("data", "audit-spool", "gw-9"), settings.auditSpoolDir());
        AuditSettings audit = settings.audit();
        assertEquals(65_536, audit.bufferCapacity());
        assertEquals(2_000, audit.spillAfterMs());
        SpoolLimits limits = audit.spool().limits();
        assertEquals(1L << 30, limits.maxBytes());
        assertEquals(16L << 20, limits.segmentBytes());
        assertEquals(SpoolLimits.Fsync.INTERVAL, limits.fsync());
        assertEquals(1_000, limits.fsyncIntervalMillis());
        assertEquals(SpoolLimits.WhenFull.DROP_OLDEST, limits.whenFull());
        assertEquals(Duration.ofDays(7), settings.kafka().eventRetention());
    }

    @Test
    void everyOptionIsReadFromTheFileAndTheEnvironmentWins() throws IOException {
        Path file = write("""
                kafka:
                  event-retention-hours: 48
                audit:
                  buffer-capacity: 1024
                  spill-after-ms: 500
                  spool:
                    dir: /var/lib/keytrail/spool
                    max-bytes: 104857600
                    segment-bytes: 1048576
                    fsync: always
                    when-full: reject
                """);
        GatewaySettings settings = GatewaySettings.load(file, Map.of());
        assertEquals(Path.of("/var/lib/keytrail/spool"), settings.auditSpoolDir());
        assertEquals(500, settings.audit().spillAfterMs());
        SpoolLimits limits = settings.audit().spool().limits();
        assertEquals(104_857_600L, limits.maxBytes());
        assertEquals(SpoolLimits.Fsync.ALWAYS, limits.fsync());
        assertEquals(SpoolLimits.WhenFull.REJECT, limits.whenFull());
        assertEquals(Duration.ofHours(48), settings.kafka().eventRetention());

        GatewaySettings overridden = GatewaySettings.load(file, Map.of(
                "KEYTRAIL_AUDIT_SPOOL_DIR", "/tmp/other",
                "KEYTRAIL_AUDIT_SPOOL_WHEN_FULL", "drop-oldest",
                "KEYTRAIL_AUDIT_SPOOL_FSYNC", "never",
                "KEYTRAIL_AUDIT_SPOOL_MAX_BYTES", "2097152",
                "KEYTRAIL_EVENT_RETENTION_HOURS", "1",
                "KEYTRAIL_TOPIC_PARTITIONS", "6"));
        assertEquals(Path.of("/tmp/other"), overridden.auditSpoolDir());
        assertEquals(SpoolLimits.WhenFull.DROP_OLDEST, overridden.audit().spool().limits().whenFull());
        assertEquals(SpoolLimits.Fsync.NEVER, overridden.audit().spool().limits().fsync());
        assertEquals(2_097_152L, overridden.audit().spool().maxBytes());
        assertEquals(Duration.ofHours(1), overridden.kafka().eventRetention());
        assertEquals(6, overridden.kafka().topicPartitions());
        assertEquals("/var/lib/keytrail/spool", GatewaySettings.load(file, Map.of()).audit().spool().dir(),
                "the environment changes nothing unless set");
    }

    @Test
    void badValuesNameTheirField() throws IOException {
        assertMessage("audit.spool.fsync: ", "audit:\n  spool:\n    fsync: sometimes\n");
        assertMessage("audit.spool.when-full: ", "audit:\n  spool:\n    when-full: block\n");
        assertMessage("audit.spool.max-bytes: ", "audit:\n  spool:\n    max-bytes: 1000\n");
        assertMessage("audit.spool.segment-bytes: ", "audit:\n  spool:\n    segment-bytes: 10\n");
        assertMessage("audit.spool.fsync-interval-ms: ", "audit:\n  spool:\n    fsync-interval-ms: 0\n");
        assertMessage("audit.spool.dir: ", "audit:\n  spool:\n    dir: \" \"\n");
        assertMessage("audit.spill-after-ms: ", "audit:\n  spill-after-ms: 1\n");
        assertMessage("kafka.event-retention-hours: ", "kafka:\n  event-retention-hours: 0\n");
    }

    private void assertMessage(String expectedStart, String yaml) throws IOException {
        Path file = write(yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> GatewaySettings.load(file, Map.of()));
        assertTrue(e.getMessage().startsWith(expectedStart), () -> "expected '" + expectedStart + "...' but got: " + e.getMessage());
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "gateway", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
