package io.keytrail.cli.commands;

import io.keytrail.cli.args.Option;
import java.util.ArrayList;
import java.util.List;

/** The text of {@code --help} at each level: the CLI, a group, a subcommand. */
public final class Help {
    public static final String PROGRAM = "keytrail";

    private static final List<String> OUTPUT_AND_EXIT = List.of(
            "output:",
            "  stdout carries only data: a key value alone on its line (keys create, reveal, rotate), a table",
            "  (list) or a field block (get, update, revoke, projects/developers create); with --json the",
            "  API's JSON as-is. Notes, warnings and errors go to stderr.",
            "",
            "environment:",
            "  KEYTRAIL_ADMIN_URL       the admin API, e.g. https://keytrail-admin.example.com",
            "  KEYTRAIL_REPORTING_PORT  when KEYTRAIL_ADMIN_URL is unset: http://127.0.0.1:PORT (default 8090)",
            "  KEYTRAIL_ADMIN_TOKEN     the admin token; when unset, the file .keytrail/admin-token",
            "                           ($KEYTRAIL_DATA_DIR/admin-token) that ./keytrail up writes.",
            "                           The token is never accepted as an argument.",
            "",
            "exit status:",
            "  0  done",
            "  1  the API refused (error: <message> (<CODE>)), or no admin token was found",
            "  2  usage error",
            "  3  no answer from the admin API (connection refused, unknown host, timeout)");

    private Help() {
    }

    public static List<String> top(List<Group> groups) {
        List<String> lines = new ArrayList<>();
        lines.add("usage: " + PROGRAM + " <command> <subcommand> [options]");
        lines.add("");
        lines.add("Manages projects, developers and API keys through keytrail's admin API.");
        lines.add("");
        lines.add("commands:");
        int width = groups.stream().mapToInt(g -> g.name().length()).max().orElse(0);
        for (Group group : groups) {
            lines.add("  " + pad(group.name(), width) + "  " + group.summary());
        }
        lines.add("");
        lines.addAll(options("global options (after the subcommand):", GlobalOptions.ALL));
        lines.add("");
        lines.addAll(OUTPUT_AND_EXIT);
        lines.add("");
        lines.add("Run '" + PROGRAM + " <command> --help' for its subcommands.");
        return lines;
    }

    public static List<String> group(Group group) {
        List<String> lines = new ArrayList<>();
        lines.add("usage: " + PROGRAM + " " + group.name() + " <subcommand> [options]");
        lines.add("");
        lines.add("subcommands:");
        int width = group.verbs().stream().mapToInt(v -> v.name().length()).max().orElse(0);
        for (Verb verb : group.verbs()) {
            lines.add("  " + pad(verb.name(), width) + "  " + verb.summary());
        }
        lines.add("");
        lines.add("Run '" + PROGRAM + " " + group.name() + " <subcommand> --help' for its options.");
        return lines;
    }

    public static List<String> verb(Group group, Verb verb) {
        List<String> lines = new ArrayList<>();
        lines.add(usage(group, verb));
        lines.add("");
        lines.add(capitalise(verb.summary()) + ".");
        if (!verb.description().isBlank()) {
            lines.add("");
            verb.description().strip().lines().forEach(lines::add);
        }
        if (!verb.options().isEmpty()) {
            lines.add("");
            lines.addAll(options("options:", verb.options()));
        }
        lines.add("");
        lines.addAll(options("global options:", GlobalOptions.ALL));
        lines.add("");
        lines.addAll(OUTPUT_AND_EXIT);
        return lines;
    }

    public static String usage(Group group, Verb verb) {
        return "usage: " + PROGRAM + " " + group.name() + " " + verb.name() + " " + verb.synopsis();
    }

    private static List<String> options(String title, List<Option> options) {
        List<String> lines = new ArrayList<>();
        lines.add(title);
        int width = options.stream().mapToInt(o -> o.synopsis().length()).max().orElse(0);
        for (Option option : options) {
            lines.add("  " + pad(option.synopsis(), width) + "  " + option.help()
                    + (option.repeatable() ? " (repeatable)" : ""));
        }
        return lines;
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
