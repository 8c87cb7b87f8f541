package io.keytrail.cli.client;

/** A successful answer: its status and its body exactly as received (empty for 204). */
public record ApiResponse(int status, String body) {
}
