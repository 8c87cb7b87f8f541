/**
 * The console page: the static files of the admin console (HTML, CSS, JS and the bundled chart
 * library) and the one handler that serves them with their security headers. The page itself
 * holds no data and no secret; everything it shows it fetches from the admin and report routes
 * with the admin token the user types in.
 */
package io.keytrail.reporting.console;
