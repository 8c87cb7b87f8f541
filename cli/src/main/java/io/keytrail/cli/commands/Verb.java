package io.keytrail.cli.commands;

import io.keytrail.cli.args.Option;
import java.util.List;
import java.util.Objects;

/**
 * One subcommand, e.g. {@code keys create}.
 *
 * @param name        as typed
 * @param synopsis    what follows the name in the usage line, e.g. {@code KEY_ID --grace DURATION}
 * @param summary     one line for the group's help
 * @param description a paragraph for the subcommand's own help, may be empty
 * @param options     its own options (the global ones are added by the CLI)
 */
public record Verb(String name, String synopsis, String summary, String description, List<Option> options,
                   Handler handler) {
    public Verb {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(synopsis, "synopsis");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(description, "description");
        options = List.copyOf(options);
        Objects.requireNonNull(handler, "handler");
    }
}
