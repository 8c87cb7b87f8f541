/**
 * Gateway configuration: one record per section, defaults and validation in one place, read once
 * at start-up from a YAML file plus environment overrides. A bad value stops start-up with a
 * message naming the field.
 */
package io.keytrail.gateway.config;
