/**
 * The admin API's data as the CLI sends and reads it (docs/admin-api.md): records for keys,
 * projects, developers and their settings, the request bodies, the error body, and the id rules
 * the CLI checks before it sends anything. Reading is lenient (unknown fields are ignored, so a
 * newer API does not break the CLI); writing sends only the fields the user gave.
 */
package io.keytrail.cli.api;
