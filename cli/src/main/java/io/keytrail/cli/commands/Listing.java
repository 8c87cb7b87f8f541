package io.keytrail.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keytrail.cli.api.ApiJson;
import io.keytrail.cli.api.UnexpectedAnswerException;
import io.keytrail.cli.args.Option;
import io.keytrail.cli.args.ParsedArgs;
import io.keytrail.cli.args.UsageException;
import io.keytrail.cli.client.ApiResponse;
import io.keytrail.cli.output.Output;
import io.keytrail.cli.output.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every {@code list} subcommand: one page ({@code --limit}, {@code --cursor}) or, with {@code --all},
 * every page by following {@code nextCursor}. With {@code --json} one page is printed as the API
 * sent it; {@code --all --json} prints one {@code {"items": [...]}} holding every page's items.
 * Nothing is printed before the last page has arrived, so a failure never leaves half a list.
 */
final class Listing {
    static final int MAX_LIMIT = 200;
    static final List<Option> OPTIONS = List.of(
            Option.value("--limit", "N", "items per page, 1 to " + MAX_LIMIT + " (the API's default is 50)"),
            Option.value("--cursor", "CURSOR", "start at this page (the nextCursor a previous page named)"),
            Option.flag("--all", "follow nextCursor to the last page"));

    private Listing() {
    }

    /**
     * @param query the filters; {@code limit} and {@code cursor} are added here
     * @param noun  plural, for notes: "keys"
     */
    static <T> void run(ParsedArgs args, Session session, String path, Map<String, String> query, Class<T> type,
                        Function<List<T>, Table> view, String noun) {
        boolean all = args.flag("--all");
        Map<String, String> request = new LinkedHashMap<>(query);
        request.put("limit", limit(args.value("--limit")));
        String cursor = args.value("--cursor");
        if (cursor != null && cursor.isEmpty()) {
            throw new UsageException("--cursor must not be empty");
        }

        List<JsonNode> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String firstBody = null;
        String next;
        do {
            request.put("cursor", cursor);
            ApiResponse page = session.client().get(path, request);
            JsonNode tree = ApiJson.treeOrNull(page.body());
            if (tree == null || !tree.path("items").isArray()) {
                throw new UnexpectedAnswerException("the admin API answered " + path + " without an items list");
            }
            if (firstBody == null) {
                firstBody = page.body();
            }
            tree.path("items").forEach(items::add);
            next = tree.path("nextCursor").isTextual() ? tree.path("nextCursor").asText() : null;
            if (next != null && !seen.add(next)) {
                throw new UnexpectedAnswerException("the admin API named the same nextCursor twice: " + next);
            }
            cursor = next;
        } while (all && next != null);

        Output out = session.out();
        if (out.json()) {
            if (all) {
                ObjectNode merged = ApiJson.mapper().createObjectNode();
                ArrayNode array = merged.putArray("items");
                items.forEach(array::add);
                out.rawJson(ApiJson.write(merged));
            } else {
                out.rawJson(firstBody);
            }
        } else {
            List<T> values = items.stream().map(item -> ApiJson.read(item, type)).toList();
            if (values.isEmpty()) {
                out.note("no " + noun + " found");
            } else {
                out.lines(view.apply(values).lines());
            }
        }
        if (!all && next != null) {
            out.note("more " + noun + " follow: add --cursor " + next + " for the next page, or --all for every page");
        }
    }

    private static String limit(String text) {
        if (text == null) {
            return null;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return Integer.toString(limit);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--limit must be a number from 1 to " + MAX_LIMIT + ", got '" + text + "'");
    }
}
