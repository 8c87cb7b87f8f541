package io.keytrail.bench.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keytrail.bench.gateway.GatewayBench.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayBenchTest {
    private static final Target A = new Target("a", "nginx", "http://a", false, false);
    private static final Target B = new Target("b", "nginx proxy", "http://b", true, false);
    private static final Target C = new Target("c", "open", "http://c", false, false);
    private static final Target C0 = new Target("c0", "open, baseline", "http://c0", false, true);
    private static final Target D = new Target("d", "keyed", "http://d", true, false);
    private static final Target D0 = new Target("d0", "keyed, baseline", "http://d0", true, true);

    @Test
    void withoutABaselineEveryRoundIsABCD() {
        for (int round = 1; round <= 4; round++) {
            assertEquals(List.of("a", "b", "c", "d"), ids(GatewayBench.roundOrder(List.of(A, B, C, D), round)));
        }
    }

    @Test
    void eachBaselineTargetRunsBesideItsTwinAndGoesFirstInEvenRounds() {
        List<Target> targets = List.of(A, B, C, C0, D, D0);
        assertEquals(List.of("a", "b", "c", "c0", "d", "d0"), ids(GatewayBench.roundOrder(targets, 1)));
        assertEquals(List.of("a", "b", "c0", "c", "d0", "d"), ids(GatewayBench.roundOrder(targets, 2)));
        assertEquals(List.of("a", "b", "c", "c0", "d", "d0"), ids(GatewayBench.roundOrder(targets, 3)));
    }

    @Test
    void theOpenLoopAlternatesDAndD0Too() {
        assertEquals(List.of("a", "d", "d0"), ids(GatewayBench.roundOrder(List.of(A, D, D0), 1)));
        assertEquals(List.of("a", "d0", "d"), ids(GatewayBench.roundOrder(List.of(A, D, D0), 2)));
    }

    @Test
    void theBaselineGatewayTakesTheStackGatewaysJavaAndOptions() {
        List<String> stackGateway = List.of("/usr/bin/setsid", "/usr/lib/jvm/java-17/bin/java", "-Xms128m", "-Xmx512m",
                "-XX:+UseParallelGC", "-cp", "edge-gateway.jar:deps.jar", "io.keytrail.gateway.GatewayMain", "--config", "g.yaml");
        assertEquals(List.of("/usr/lib/jvm/java-17/bin/java", "-Xms128m", "-Xmx512m", "-XX:+UseParallelGC"),
                BaselineGateway.jvmPart(stackGateway));
        assertThrows(IllegalStateException.class, () -> BaselineGateway.jvmPart(List.of("nginx", "-p", "/tmp")));
        assertThrows(IllegalStateException.class, () -> BaselineGateway.jvmPart(List.of("/usr/bin/java", "-jar", "x.jar")));
    }

    private static List<String> ids(List<Target> targets) {
        return targets.stream().map(Target::id).toList();
    }
}
