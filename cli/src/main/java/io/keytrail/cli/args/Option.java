package io.keytrail.cli.args;

import java.util.Objects;

/**
 * One option a command accepts.
 *
 * @param name       with its dashes, e.g. {@code --project}
 * @param valueName  how help shows the value, e.g. {@code PROJECT}; {@code null} for a flag
 * @param repeatable whether it may be given more than once (each value is kept)
 * @param help       one line for {@code --help}
 */
public record Option(String name, String valueName, boolean repeatable, String help) {
    public Option {
        Objects.requireNonNull(name, "name");
        if (!name.startsWith("--") || name.length() < 3) {
            throw new IllegalArgumentException("option names start with --: " + name);
        }
        Objects.requireNonNull(help, "help");
    }

    /** An option without a value. */
    public static Option flag(String name, String help) {
        return new Option(name, null, false, help);
    }

    /** An option that takes one value, at most once. */
    public static Option value(String name, String valueName, String help) {
        return new Option(name, Objects.requireNonNull(valueName, "valueName"), false, help);
    }

    /** An option that takes a value and may be repeated. */
    public static Option repeatable(String name, String valueName, String help) {
        return new Option(name, Objects.requireNonNull(valueName, "valueName"), true, help);
    }

    public boolean takesValue() {
        return valueName != null;
    }

    /** {@code --project PROJECT} or {@code --json}, as help lists it. */
    public String synopsis() {
        return takesValue() ? name + " " + valueName : name;
    }
}
