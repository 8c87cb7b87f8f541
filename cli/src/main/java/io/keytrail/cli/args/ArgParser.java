package io.keytrail.cli.args;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads arguments the way getopt_long does: {@code --name value} or {@code --name=value}, options
 * and positionals in any order, {@code --} ends the options. An option that takes a value takes the
 * next argument whatever it looks like. Unknown and repeated options are usage errors, and so are
 * options that would put a secret into the shell history (see {@link #REFUSED}).
 */
public final class ArgParser {
    /** Options people reach for that the CLI refuses on purpose, with the reason. */
    public static final Map<String, String> REFUSED = Map.of(
            "--token", "a token on the command line leaks into shell history and ps; set KEYTRAIL_ADMIN_TOKEN "
                    + "or use --token-file FILE",
            "--key", "a key on the command line leaks into shell history and ps; pipe it on stdin with --import");

    private ArgParser() {
    }

    public static ParsedArgs parse(List<String> args, List<Option> options) {
        Map<String, Option> known = new LinkedHashMap<>();
        for (Option option : options) {
            if (known.put(option.name(), option) != null) {
                throw new IllegalArgumentException("option declared twice: " + option.name());
            }
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        Set<String> flags = new LinkedHashSet<>();
        List<String> positionals = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                positionals.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            String inline = equals > 0 ? arg.substring(equals + 1) : null;
            if (REFUSED.containsKey(name)) {
                throw new UsageException(name + " is not accepted: " + REFUSED.get(name));
            }
            Option option = known.get(name);
            if (option == null) {
                throw new UsageException("unknown option " + name);
            }
            if (!option.takesValue()) {
                if (inline != null) {
                    throw new UsageException(name + " takes no value");
                }
                if (!flags.add(name)) {
                    throw new UsageException(name + " given twice");
                }
                continue;
            }
            String value;
            if (inline != null) {
                value = inline;
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(name + " needs a value (" + option.valueName() + ")");
            }
            List<String> given = values.computeIfAbsent(name, n -> new ArrayList<>());
            if (!given.isEmpty() && !option.repeatable()) {
                throw new UsageException(name + " given twice");
            }
            given.add(value);
        }
        return new ParsedArgs(values, flags, positionals);
    }
}
