package io.keytrail.events;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/** Random AuthEvents and parts of them for the writer and reader tests, with texts from the caller. */
final class RandomEvents {
    private RandomEvents() {
    }

    static AuthEvent.Client client(Random random, Function<Random, String> text) {
        return random.nextInt(4) == 0 ? null : new AuthEvent.Client(text.apply(random), text.apply(random));
    }

    /** Every location (or none) and every prefix of the method list (or none). */
    static AuthEvent.Credential credential(Random random, Function<Random, String> text) {
        return random.nextInt(4) == 0 ? null
                : new AuthEvent.Credential(text.apply(random), text.apply(random),
                        random.nextInt(4) == 0 ? null
                                : CredentialLocation.values()[random.nextInt(CredentialLocation.values().length)],
                        random.nextInt(4) == 0 ? null : List.of(AuthMethod.values()).subList(0, random.nextInt(
                                AuthMethod.values().length + 1)));
    }

    /**
     * An event with every member absent or present, every schema version and status now and
     * then, numbers of every width and texts from {@code text}.
     */
    static AuthEvent event(Random random, Instant time, Function<Random, String> text) {
        AuthEvent.Latency latency = random.nextInt(4) == 0 ? null
                : new AuthEvent.Latency(number(random), random.nextBoolean() ? null : number(random));
        AuthEventType type = random.nextBoolean() ? AuthEventType.AUTH_SUCCESS : AuthEventType.AUTH_FAILURE;
        FailureReason reason = type == AuthEventType.AUTH_FAILURE
                ? FailureReason.values()[random.nextInt(FailureReason.values().length)] : null;
        String eventId = random.nextInt(10) == 0 ? text.apply(random) : EventIds.next();
        return new AuthEvent(random.nextInt(5) == 0 ? random.nextInt() : 1, eventId == null ? "" : eventId, type, time,
                text.apply(random), text.apply(random), text.apply(random), text.apply(random), text.apply(random),
                text.apply(random), random.nextInt(5) == 0 ? random.nextInt() : 100 + random.nextInt(500), latency,
                client(random, text), credential(random, text), text.apply(random), text.apply(random), reason);
    }

    /** Times of every precision ISO_INSTANT distinguishes, over the four-digit years. */
    static Instant time(Random random) {
        long second = -62_167_219_200L + (long) (random.nextDouble() * (253_402_300_799L + 62_167_219_200L));
        if (random.nextInt(3) == 0) {
            second = 1_700_000_000L + random.nextInt(100_000_000);
        }
        int nano = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(second, nano);
    }

    /** Sizes and signs of every width, the extremes included. */
    static long number(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> Long.MIN_VALUE;
            case 2 -> Long.MAX_VALUE;
            case 3 -> -random.nextInt(1000);
            default -> random.nextLong() >> random.nextInt(64);
        };
    }
}
