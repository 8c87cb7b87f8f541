package io.keytrail.bench.outage;

import static io.keytrail.bench.outage.Phase.DOWN;
import static io.keytrail.bench.outage.Phase.KILLED;
import static io.keytrail.bench.outage.Phase.RESTARTED;
import static io.keytrail.bench.outage.Phase.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PhaseTest {

    @Test
    void everyDownPhaseLiesBetweenTwoUpPhasesAndTheKillComesLast() {
        assertEquals(List.of(UP, DOWN, UP), Phase.plan(1, false, false));
        assertEquals(List.of(UP, DOWN, UP, DOWN, UP, DOWN, UP, KILLED, RESTARTED), Phase.plan(3, true, true));
        assertEquals(List.of(UP, DOWN, UP, DOWN, UP, KILLED), Phase.plan(2, true, false));
    }

    @Test
    void aPlanNeedsACycleAndARestartNeedsAKill() {
        assertThrows(IllegalArgumentException.class, () -> Phase.plan(0, true, true));
        assertThrows(IllegalArgumentException.class, () -> Phase.plan(2, false, true));
    }

    @Test
    void defaultsAreTheRealRunsAndTheSettleTimeFollowsThePhaseLength() {
        OutageSettings defaults = OutageSettings.from(new Properties());
        assertEquals(List.of(2000.0), defaults.rates());
        assertEquals(25, defaults.phaseSeconds());
        assertEquals(5, defaults.settleSeconds());
        assertEquals(3, defaults.cycles());
        assertEquals(20, defaults.warmupSeconds());
        assertEquals(32, defaults.connections());
        assertTrue(defaults.kill() && defaults.restart());

        // The smoke run: five-second phases keep four seconds of steady state.
        OutageSettings smoke = OutageSettings.from(props("bench.phaseSeconds", "5", "bench.rate", "500"));
        assertEquals(1, smoke.settleSeconds());
        assertEquals(List.of(500.0), smoke.rates());
        assertEquals(5, OutageSettings.defaultSettleSeconds(60));
        assertEquals(2, OutageSettings.defaultSettleSeconds(12));
    }

    @Test
    void twoRatesAndNoKill() {
        OutageSettings settings = OutageSettings.from(props("bench.rate", "1000, 4000", "bench.kill", "false"));
        assertEquals(List.of(1000.0, 4000.0), settings.rates());
        assertTrue(!settings.kill() && !settings.restart(), "without a kill there is no restart either");
    }

    @Test
    void badSettingsNameTheirProperty() {
        assertMessage("bench.settleSeconds", props("bench.phaseSeconds", "10", "bench.settleSeconds", "10"));
        assertMessage("bench.rate", props("bench.rate", "0"));
        assertMessage("bench.phaseSeconds", props("bench.phaseSeconds", "1"));
        assertMessage("bench.cycles", props("bench.cycles", "0"));
        assertMessage("bench.restart", props("bench.kill", "false", "bench.restart", "true"));
        assertMessage("bench.connections", props("bench.connections", "0"));
        assertMessage("bench.scrapeMillis", props("bench.scrapeMillis", "10"));
    }

    private static void assertMessage(String property, Properties props) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutageSettings.from(props));
        assertTrue(e.getMessage().startsWith(property), e.getMessage());
    }

    private static Properties props(String... pairs) {
        Properties props = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            props.setProperty(pairs[i], pairs[i + 1]);
        }
        return props;
    }
}
