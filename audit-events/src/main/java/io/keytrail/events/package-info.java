/**
 * The published contract of keytrail: topic names and their settings, the records that travel on
 * them, and the JSON serdes every producer and consumer uses. Anything a subscriber may rely on is
 * defined here and nowhere else; the JSON Schema files beside these classes document the wire form.
 */
package io.keytrail.events;
