package io.keytrail.cli.commands;

import io.keytrail.cli.args.Option;
import java.util.List;

/** The options every subcommand accepts, anywhere after the subcommand's name. */
public final class GlobalOptions {
    public static final String URL = "--url";
    public static final String TOKEN_FILE = "--token-file";
    public static final String JSON = "--json";
    public static final String HELP = "--help";

    public static final List<Option> ALL = List.of(
            Option.value(URL, "URL", "the admin API (default: $KEYTRAIL_ADMIN_URL, else "
                    + "http://127.0.0.1:$KEYTRAIL_REPORTING_PORT, port 8090 when unset)"),
            Option.value(TOKEN_FILE, "FILE", "read the admin token from FILE (default: $KEYTRAIL_ADMIN_TOKEN, else "
                    + ".keytrail/admin-token under the repository, or under $KEYTRAIL_DATA_DIR)"),
            Option.flag(JSON, "print the API's JSON answer as-is on stdout, for scripts"),
            Option.flag(HELP, "show this help (also -h)"));

    private GlobalOptions() {
    }

    /** True for {@code --help} and {@code -h}. */
    public static boolean isHelp(String arg) {
        return arg.equals(HELP) || arg.equals("-h");
    }
}
