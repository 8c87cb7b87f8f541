package io.keytrail.events;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/** Parts of random AuthEvents for the writer tests, absent a quarter of the time, with texts from the caller. */
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
}
