package io.keytrail.events;

/** Where in the request the gateway found the API key. */
public enum CredentialLocation {
    HEADER,
    QUERY,
    BODY
}
