package io.keytrail.cli.commands;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A resource's subcommands, e.g. {@code keys}. */
public record Group(String name, String summary, List<Verb> verbs) {
    public Group {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(summary, "summary");
        verbs = List.copyOf(verbs);
    }

    public Optional<Verb> verb(String name) {
        return verbs.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** Every group the CLI has, in help order. */
    public static List<Group> all() {
        return List.of(KeyCommands.group(), ProjectCommands.group(), DeveloperCommands.group());
    }
}
