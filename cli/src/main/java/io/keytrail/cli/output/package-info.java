/**
 * What the CLI prints. {@link io.keytrail.cli.output.Output} keeps the contract scripts rely on:
 * stdout carries only data (a key value alone on its line, a table, a field block, or with
 * {@code --json} the API's JSON), stderr carries notes, warnings and errors.
 * {@link io.keytrail.cli.output.Table} and {@link io.keytrail.cli.output.Fields} lay data out;
 * {@link io.keytrail.cli.output.Views} decides which fields of keys, projects and developers show.
 * Text from the API is printed with control characters replaced, so nothing it holds can drive the
 * terminal.
 */
package io.keytrail.cli.output;
