/**
 * reporting-api's configuration: one record per section with its defaults and validation, read
 * once at start-up from an optional properties file with environment variables on top. A value
 * that cannot be used stops start-up with a message naming the setting and where it came from.
 */
package io.keytrail.reporting.config;
