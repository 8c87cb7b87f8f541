/**
 * The directory of projects and developers, the entities keys belong to: creating, reading,
 * listing, renaming and deleting them. {@link io.keytrail.reporting.directory.ProjectDirectory} and
 * {@link io.keytrail.reporting.directory.DeveloperDirectory} hold the rules and answer outcomes,
 * knowing nothing of HTTP; the handlers here turn requests into calls and outcomes into answers.
 * Deleting keeps the row so that keys stay traceable, never reuses an id, and is refused while the
 * entity still has active keys.
 */
package io.keytrail.reporting.directory;
