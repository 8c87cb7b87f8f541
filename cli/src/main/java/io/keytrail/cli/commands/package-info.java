/**
 * The commands: one {@link io.keytrail.cli.commands.Group} per resource ({@code keys},
 * {@code projects}, {@code developers}), one {@link io.keytrail.cli.commands.Verb} per subcommand,
 * each declaring its options and help next to the code that runs it.
 * {@link io.keytrail.cli.commands.Session} is what a running command may use: the output, stdin
 * and, created on first use, the {@link io.keytrail.cli.client.AdminClient}.
 * {@link io.keytrail.cli.commands.Listing} pages through lists for every {@code list} subcommand.
 */
package io.keytrail.cli.commands;
