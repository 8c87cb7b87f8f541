package io.keytrail.cli;

import io.keytrail.cli.api.UnexpectedAnswerException;
import io.keytrail.cli.args.ArgParser;
import io.keytrail.cli.args.Option;
import io.keytrail.cli.args.ParsedArgs;
import io.keytrail.cli.args.UsageException;
import io.keytrail.cli.client.AdminClient;
import io.keytrail.cli.client.AdminEndpoint;
import io.keytrail.cli.client.ApiException;
import io.keytrail.cli.client.SetupException;
import io.keytrail.cli.client.UnreachableException;
import io.keytrail.cli.commands.GlobalOptions;
import io.keytrail.cli.commands.Group;
import io.keytrail.cli.commands.Help;
import io.keytrail.cli.commands.Session;
import io.keytrail.cli.commands.Verb;
import io.keytrail.cli.output.Output;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code keytrail <command> <subcommand> [options]}: finds the subcommand, reads its options, runs
 * it, and maps every outcome to an {@link ExitStatus}. {@link #run} is the whole program without
 * {@code System.exit}, for tests.
 */
public final class KeytrailCli {
    private static final int OPTION_FIRST = -2;

    private final List<Group> groups;
    private final HttpClient http;

    public KeytrailCli(List<Group> groups, HttpClient http) {
        this.groups = List.copyOf(groups);
        this.http = Objects.requireNonNull(http, "http");
    }

    /** The CLI with every command and a client that follows no redirects. */
    public static KeytrailCli standard() {
        return new KeytrailCli(Group.all(), AdminClient.defaultHttpClient());
    }

    public static void main(String[] args) {
        int status = standard().run(Arrays.asList(args), CliEnvironment.system());
        System.exit(status);
    }

    /** Runs one command line to its end and returns the exit status. Never throws for bad input. */
    public int run(List<String> args, CliEnvironment environment) {
        PrintStream stdout = environment.stdout();
        PrintStream stderr = environment.stderr();
        if (args.isEmpty()) {
            return usageError(stderr, "a command is required", Help.top(groups));
        }
        String first = args.get(0);
        if (GlobalOptions.isHelp(first) || first.equals("help")) {
            return help(stdout, Help.top(groups));
        }
        Optional<Group> found = groups.stream().filter(g -> g.name().equals(first)).findFirst();
        if (found.isEmpty()) {
            return usageError(stderr, "unknown command '" + first + "'", Help.top(groups));
        }
        Group group = found.get();
        List<String> rest = args.subList(1, args.size());

        int verbAt = verbIndex(rest);
        if (verbAt == OPTION_FIRST) {
            return usageError(stderr, "the subcommand comes first: " + Help.PROGRAM + " " + group.name()
                    + " <subcommand> [options]", Help.group(group));
        }
        if (verbAt < 0) {
            boolean asked = rest.stream().takeWhile(a -> !a.equals("--")).anyMatch(GlobalOptions::isHelp);
            return asked ? help(stdout, Help.group(group))
                    : usageError(stderr, "a subcommand is required", Help.group(group));
        }
        String verbName = rest.get(verbAt);
        if (verbName.equals("help")) {
            Optional<Verb> about = rest.size() > verbAt + 1 ? group.verb(rest.get(verbAt + 1)) : Optional.empty();
            return help(stdout, about.map(v -> Help.verb(group, v)).orElse(Help.group(group)));
        }
        Optional<Verb> verb = group.verb(verbName);
        if (verb.isEmpty()) {
            return usageError(stderr, "unknown subcommand '" + group.name() + " " + verbName + "'", Help.group(group));
        }
        List<String> verbArgs = new ArrayList<>(rest);
        verbArgs.remove(verbAt);
        if (verbArgs.stream().takeWhile(a -> !a.equals("--")).anyMatch(GlobalOptions::isHelp)) {
            return help(stdout, Help.verb(group, verb.get()));
        }
        return runVerb(group, verb.get(), verbArgs, environment);
    }

    private int runVerb(Group group, Verb verb, List<String> args, CliEnvironment environment) {
        PrintStream stderr = environment.stderr();
        List<String> shortUsage = List.of(Help.usage(group, verb),
                "Run '" + Help.PROGRAM + " " + group.name() + " " + verb.name() + " --help' for its options.");
        Output output = new Output(environment.stdout(), stderr, args.contains(GlobalOptions.JSON));
        try {
            List<Option> options = new ArrayList<>(verb.options());
            options.addAll(GlobalOptions.ALL);
            ParsedArgs parsed = ArgParser.parse(args, options);
            AdminEndpoint endpoint = AdminEndpoint.resolve(parsed.value(GlobalOptions.URL), environment.variables());
            output = new Output(environment.stdout(), stderr, parsed.flag(GlobalOptions.JSON));
            Session session = new Session(output, endpoint, parsed.value(GlobalOptions.TOKEN_FILE),
                    environment.variables(), environment.root(), environment.stdin(), http);
            verb.handler().run(parsed, session);
            return ExitStatus.OK;
        } catch (UsageException e) {
            return usageError(stderr, e.getMessage(), shortUsage);
        } catch (ApiException e) {
            output.error(e.getMessage());
            return ExitStatus.FAILED;
        } catch (UnreachableException e) {
            output.error(e.getMessage());
            return ExitStatus.UNREACHABLE;
        } catch (SetupException | UnexpectedAnswerException | UncheckedIOException e) {
            output.error(e.getMessage());
            return ExitStatus.FAILED;
        }
    }

    /** Where the subcommand's name is: the first argument that is neither a global option nor its value. */
    private static int verbIndex(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--") || GlobalOptions.isHelp(arg)) {
                return -1;
            }
            if (!arg.startsWith("-")) {
                return i;
            }
            boolean takesValue = GlobalOptions.ALL.stream()
                    .anyMatch(o -> o.takesValue() && o.name().equals(arg));
            if (takesValue) {
                i++;
            } else if (!arg.equals(GlobalOptions.JSON) && !isGlobalWithValue(arg)) {
                return OPTION_FIRST;
            }
        }
        return -1;
    }

    private static boolean isGlobalWithValue(String arg) {
        int equals = arg.indexOf('=');
        return equals > 0 && GlobalOptions.ALL.stream()
                .anyMatch(o -> o.takesValue() && o.name().equals(arg.substring(0, equals)));
    }

    private static int help(PrintStream stdout, List<String> lines) {
        lines.forEach(stdout::println);
        stdout.flush();
        return ExitStatus.OK;
    }

    private static int usageError(PrintStream stderr, String message, List<String> usage) {
        stderr.println("error: " + message);
        usage.forEach(stderr::println);
        stderr.flush();
        return ExitStatus.USAGE;
    }
}
