/**
 * Gateway configuration: one record per section, defaults and validation in one place, read at
 * start-up from a YAML file plus environment overrides, and again on each reload. A bad value stops
 * start-up, or is refused by a reload, with a message naming the field.
 */
package io.keytrail.gateway.config;
