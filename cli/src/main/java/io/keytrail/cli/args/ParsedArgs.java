package io.keytrail.cli.args;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command line read against a command's options.
 *
 * @param values      option name to its values in command-line order (options that take a value)
 * @param flags       the flags present
 * @param positionals the other arguments, in order
 */
public record ParsedArgs(Map<String, List<String>> values, Set<String> flags, List<String> positionals) {
    public ParsedArgs {
        values = Map.copyOf(values);
        flags = Set.copyOf(flags);
        positionals = List.copyOf(positionals);
    }

    /** The value of a single-valued option, or {@code null} when absent. */
    public String value(String name) {
        List<String> given = values.get(name);
        return given == null ? null : given.get(given.size() - 1);
    }

    /** The value of an option the command cannot do without. */
    public String required(String name) {
        String value = value(name);
        if (value == null) {
            throw new UsageException(name + " is required");
        }
        return value;
    }

    /** Every value of a repeatable option; empty when absent. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public boolean has(String name) {
        return values.containsKey(name) || flags.contains(name);
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    /** The single positional argument the command takes, e.g. a key id. */
    public String onlyPositional(String what) {
        if (positionals.isEmpty()) {
            throw new UsageException(what + " is required");
        }
        if (positionals.size() > 1) {
            throw new UsageException("one " + what + " expected, got " + positionals.size() + ": "
                    + String.join(" ", positionals));
        }
        return positionals.get(0);
    }

    /** Refuses positional arguments for commands that take none. */
    public void noPositionals() {
        if (!positionals.isEmpty()) {
            throw new UsageException("unexpected argument '" + positionals.get(0) + "'");
        }
    }
}
