/**
 * Talking to the admin API over {@code java.net.http}: where it is
 * ({@link io.keytrail.cli.client.AdminEndpoint}: {@code --url}, {@code KEYTRAIL_ADMIN_URL},
 * {@code KEYTRAIL_REPORTING_PORT}), the bearer token ({@link io.keytrail.cli.client.AdminToken}:
 * {@code --token-file}, {@code KEYTRAIL_ADMIN_TOKEN}, {@code .keytrail/admin-token}, never the
 * command line), and {@link io.keytrail.cli.client.AdminClient}, which turns every answer into a
 * response, an {@link io.keytrail.cli.client.ApiException} (the API said no) or an
 * {@link io.keytrail.cli.client.UnreachableException} (no answer at all).
 */
package io.keytrail.cli.client;
