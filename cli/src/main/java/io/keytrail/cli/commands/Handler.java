package io.keytrail.cli.commands;

import io.keytrail.cli.args.ParsedArgs;

/** What a subcommand does once its arguments are read. Failures are thrown, success just returns. */
@FunctionalInterface
public interface Handler {
    void run(ParsedArgs args, Session session);
}
