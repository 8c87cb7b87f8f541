package io.keytrail.reporting.http;

/**
 * The body of a refused API key, exactly as the gateway answers it:
 * {@code {"message":"Invalid authentication credentials","status":401}}. It says nothing about why,
 * so a caller guessing keys learns nothing from it.
 */
public record KeyAuthFailure(String message, int status) {
    public static final KeyAuthFailure BODY = new KeyAuthFailure("Invalid authentication credentials", 401);
}
