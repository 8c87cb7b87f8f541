package io.keytrail.events;

/** The authentication methods a request presented. */
public enum AuthMethod {
    KEY,
    JWT
}
