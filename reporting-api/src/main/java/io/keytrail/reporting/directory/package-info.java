/**
 * The directory of projects and developers, the entities keys belong to: creating, reading,
 * listing, renaming and deleting them. {@link io.keytrail.reporting.directory.ProjectDirectory} and
 * {@link io.keytrail.reporting.directory.DeveloperDirectory} hold the rules and answer outcomes,
 * knowing nothing of HTTP; the handlers here turn requests into calls and outcomes into answers.
 * Reading, listing and deleting work alike for both, so one handler each serves both through
 * {@link io.keytrail.reporting.directory.EntityDirectory}; creating and updating, whose fields and
 * rules differ, have a handler per entity.
 * Deleting keeps the row so that keys stay traceable, never reuses an id, and is refused while the
 * entity still has active keys.
 */
package io.keytrail.reporting.directory;
