/**
 * The key-admin command line, {@code ./keytrail keys|projects|developers ...}: a client of the
 * reporting-api admin API (docs/admin-api.md). {@link io.keytrail.cli.KeytrailCli} reads the command
 * line, finds the command and turns every outcome into an exit status: 0 done, 1 the API (or the
 * local set-up, such as a missing token) refused, 2 a usage error, 3 no answer from the API.
 * Everything it needs from outside (arguments, environment, repository root, stdin, stdout,
 * stderr) comes in through {@link io.keytrail.cli.CliEnvironment}, so tests run it in-process.
 */
package io.keytrail.cli;
