package io.keytrail.events;

/** Whether the gateway let the request through its authentication policies. */
public enum AuthEventType {
    AUTH_SUCCESS,
    AUTH_FAILURE
}
