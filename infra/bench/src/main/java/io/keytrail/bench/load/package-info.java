/**
 * Load generation that tells the truth about latency: an open-loop generator that sends at a
 * fixed rate whatever the server does, and measures each response from when its request was due.
 */
package io.keytrail.bench.load;
