package io.keytrail.reporting.http;

import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Which page of a list a request asks for: at most {@code limit} items after {@code after}. Lists
 * are walked by key (keyset paging), so a page stays correct while items are added or removed,
 * and its cost does not grow with how far the caller has paged.
 *
 * @param after where the previous page ended, {@code null} for the first page
 */
public record PageRequest(int limit, Cursor after) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /**
     * The position of the last item of a page: its creation time and id. Lists sorted by id alone
     * leave {@code createdAt} at the epoch.
     */
    public record Cursor(Instant createdAt, String id) {
        public Cursor {
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(id, "id");
        }

        /** An opaque token for the client, which hands it back unchanged as {@code cursor}. */
        public String encode() {
            String plain = createdAt.toEpochMilli() + ":" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String token) {
            try {
                String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int colon = plain.indexOf(':');
                if (colon < 1 || colon == plain.length() - 1 || plain.length() > 200) {
                    throw invalid();
                }
                Instant createdAt = Instant.ofEpochMilli(Long.parseLong(plain.substring(0, colon)));
                String id = plain.substring(colon + 1);
                // No id has control characters, and PostgreSQL refuses NUL in text altogether.
                if (!Instants.storable(createdAt) || id.chars().anyMatch(Character::isISOControl)) {
                    throw invalid();
                }
                return new Cursor(createdAt, id);
            } catch (IllegalArgumentException e) {
                throw invalid();
            }
        }

        private static ApiException invalid() {
            return ApiException.badRequest("cursor must be a nextCursor value from an earlier page");
        }
    }

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
        }
    }

    /** Reads {@code limit} (1 to {@link #MAX_LIMIT}, default {@link #DEFAULT_LIMIT}) and {@code cursor}. */
    public static PageRequest of(HttpServerExchange exchange) {
        String limitText = QueryParameters.optional(exchange, "limit");
        int limit = DEFAULT_LIMIT;
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        String cursor = QueryParameters.optional(exchange, "cursor");
        return new PageRequest(limit, cursor == null ? null : Cursor.decode(cursor));
    }

    /** How many rows to fetch: one more than the page, to learn whether another page follows. */
    public int fetchSize() {
        return limit + 1;
    }
}
