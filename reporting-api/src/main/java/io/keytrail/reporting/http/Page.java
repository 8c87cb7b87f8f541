package io.keytrail.reporting.http;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list as the API answers it.
 *
 * @param nextCursor pass as {@code cursor} for the next page; {@code null}, and absent from JSON, on the last
 */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }

    /**
     * The page made of {@code rows}, fetched with {@link PageRequest#fetchSize()}: a row beyond the
     * limit means another page follows, starting after the last row kept.
     */
    public static <R, T> Page<T> of(List<R> rows, PageRequest request, Function<R, PageRequest.Cursor> position,
                                    Function<R, T> view) {
        boolean more = rows.size() > request.limit();
        List<R> kept = more ? rows.subList(0, request.limit()) : rows;
        String next = more ? position.apply(kept.get(kept.size() - 1)).encode() : null;
        return new Page<>(kept.stream().map(view).toList(), next);
    }
}
