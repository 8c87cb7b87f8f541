/**
 * Running keytrail on one machine: the launcher behind {@code ./keytrail up} that starts a real
 * broker and every service in its own JVM, and the demo upstream the local stack proxies to.
 */
package io.keytrail.infra.stack;
