/**
 * Reading a command line: options declared per command ({@link io.keytrail.cli.args.Option}), the
 * parsed result ({@link io.keytrail.cli.args.ParsedArgs}), and the small value syntaxes the
 * commands accept (durations such as {@code 1h30m}, instants). Every mistake is a
 * {@link io.keytrail.cli.args.UsageException}, which the CLI answers with exit status 2.
 */
package io.keytrail.cli.args;
