/**
 * Test support: {@link io.keytrail.cli.support.CliRunner} runs the CLI in-process with given
 * environment and stdin and captures stdout, stderr and the exit status;
 * {@link io.keytrail.cli.support.FakeAdminApi} is a canned HTTP server for the unit tests (the ITs
 * use the real reporting-api).
 */
package io.keytrail.cli.support;
