/**
 * Configuration reload: on SIGHUP or when the configuration file changes, the file is read and
 * validated again and the gateway's routing table (APIs, their policies and upstream clients)
 * replaced without closing a listener or dropping a connection. A bad file changes nothing.
 */
package io.keytrail.gateway.reload;
