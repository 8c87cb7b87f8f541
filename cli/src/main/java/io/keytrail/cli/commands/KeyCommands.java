package io.keytrail.cli.commands;

import io.keytrail.cli.api.ApiJson;
import io.keytrail.cli.api.Change;
import io.keytrail.cli.api.Ids;
import io.keytrail.cli.api.Key;
import io.keytrail.cli.api.KeyUpdate;
import io.keytrail.cli.api.NewKey;
import io.keytrail.cli.api.Quota;
import io.keytrail.cli.api.RateLimit;
import io.keytrail.cli.api.RevealedKey;
import io.keytrail.cli.api.RotatedKey;
import io.keytrail.cli.api.Rotation;
import io.keytrail.cli.api.UnexpectedAnswerException;
import io.keytrail.cli.args.Durations;
import io.keytrail.cli.args.Instants;
import io.keytrail.cli.args.Option;
import io.keytrail.cli.args.ParsedArgs;
import io.keytrail.cli.args.UsageException;
import io.keytrail.cli.client.AdminEndpoint;
import io.keytrail.cli.client.ApiResponse;
import io.keytrail.cli.output.Output;
import io.keytrail.cli.output.Views;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code keytrail keys ...}: the key lifecycle. */
final class KeyCommands {
    static final List<String> STATUSES = List.of("ACTIVE", "REVOKED", "EXPIRED", "DELETED");

    private static final Option PROJECT = Option.value("--project", "PROJECT", "the project the key belongs to");
    private static final Option DEVELOPER = Option.value("--developer", "DEVELOPER", "the developer who holds the key");
    private static final Option DESCRIPTION = Option.value("--description", "TEXT", "what the key is for (1 to 256 characters)");
    private static final Option EXPIRES_AT = Option.value("--expires-at", "INSTANT",
            "when the key stops working: 2027-01-01T00:00:00Z, an offset, or a date (midnight UTC)");
    private static final Option ALLOWED_API = Option.repeatable("--allowed-api", "API",
            "an API the key may call; repeat it or separate with commas (default: every API of the project)");
    private static final Option RATE_LIMIT = Option.value("--rate-limit", "N/WINDOW",
            "at most N requests per window, e.g. 100/60s, 1000/1h, 10/s (window 1s to 1d)");
    private static final Option QUOTA = Option.value("--quota", "N/PERIOD",
            "at most N requests per UTC calendar HOUR, DAY or MONTH, e.g. 10000/DAY");

    private KeyCommands() {
    }

    static Group group() {
        return new Group("keys", "create, list, show, reveal, revoke, rotate, change and delete API keys", List.of(
                new Verb("create", "--project PROJECT --developer DEVELOPER --description TEXT [options]",
                        "create a key for a developer in a project; prints the key",
                        """
                        Creates a key. Prints the key alone on stdout, so that KEY=$(keytrail keys create ...)
                        captures it, and the key id and hint on stderr; with --json, the API's answer, key
                        included. The project and the developer must exist. --import registers an existing
                        key instead of generating one: the key is read from stdin, never from the command line
                        (e.g. printf %s "$KEY" | keytrail keys create --import ...).""",
                        List.of(PROJECT, DEVELOPER, DESCRIPTION, EXPIRES_AT, ALLOWED_API, RATE_LIMIT, QUOTA,
                                Option.flag("--import", "register the key read from stdin (20 to 256 printable "
                                        + "ASCII characters) instead of generating one")),
                        KeyCommands::create),
                new Verb("list", "--project PROJECT | --developer DEVELOPER [options]",
                        "list the keys of a project or of a developer, oldest first",
                        """
                        Lists keys, without their values. Give --project, --developer, or both (the keys of
                        that developer in that project). One page of up to --limit keys unless --all.""",
                        concat(List.of(
                                Option.value("--project", "PROJECT", "the keys of this project"),
                                Option.value("--developer", "DEVELOPER", "the keys of this developer"),
                                Option.value("--status", "STATUS", "only keys in this status: "
                                        + String.join(", ", STATUSES))), Listing.OPTIONS),
                        KeyCommands::list),
                new Verb("get", "KEY_ID", "show a key's details (never its value)", "", List.of(),
                        KeyCommands::get),
                new Verb("reveal", "KEY_ID", "print a key's value again (recorded as a REVEALED event)",
                        "Prints the key alone on stdout; with --json, the API's {\"keyId\", \"key\"}.",
                        List.of(), KeyCommands::reveal),
                new Verb("revoke", "KEY_ID", "revoke a key: every gateway refuses it from then on",
                        "Revokes an ACTIVE key and shows it; a key that is not ACTIVE is a CONFLICT (exit 1).",
                        List.of(), KeyCommands::revoke),
                new Verb("rotate", "KEY_ID --grace DURATION", "replace a key by a new one; prints the new key",
                        """
                        Issues a new key with the old key's developer, description, allowed APIs and limits,
                        and prints it alone on stdout (the ids on stderr). The old key keeps working for the
                        grace period, then fails with EXPIRED_KEY. --grace 0 stops it at once.""",
                        List.of(Option.value("--grace", "DURATION",
                                "how long the old key keeps working: 90 (seconds), 45s, 30m, 1h, 7d, 1h30m; "
                                        + "at most 30d; required")),
                        KeyCommands::rotate),
                new Verb("update", "KEY_ID [options]", "change an ACTIVE key's description, expiry, APIs or limits",
                        "Changes only what is given and shows the key. --allowed-api replaces the whole list.",
                        List.of(DESCRIPTION, EXPIRES_AT,
                                Option.flag("--no-expiry", "the key never expires"),
                                ALLOWED_API,
                                Option.flag("--all-apis", "the key may call every API of its project"),
                                RATE_LIMIT,
                                Option.flag("--no-rate-limit", "remove the rate limit"),
                                QUOTA,
                                Option.flag("--no-quota", "remove the quota")),
                        KeyCommands::update),
                new Verb("delete", "KEY_ID", "delete a key: it stops at once and can never be revealed again",
                        """
                        Deletes the key on every gateway and destroys its encrypted copy; its metadata stays
                        (status DELETED). Asks no confirmation. Prints nothing on stdout.""",
                        List.of(), KeyCommands::delete)));
    }

    private static void create(ParsedArgs args, Session session) {
        args.noPositionals();
        String project = Ids.entity("--project", args.required("--project"));
        String developer = Ids.entity("--developer", args.required("--developer"));
        String description = args.required("--description");
        String expiresAt = args.value("--expires-at") == null ? null
                : Instants.parse("--expires-at", args.value("--expires-at"));
        List<String> allowedApis = allowedApis(args);
        RateLimit rateLimit = args.value("--rate-limit") == null ? null
                : RateLimit.parse("--rate-limit", args.value("--rate-limit"));
        Quota quota = args.value("--quota") == null ? null : Quota.parse("--quota", args.value("--quota"));
        String imported = args.flag("--import") ? session.secretFromStdin("--import") : null;

        ApiResponse response = session.client().post("/admin/projects/" + AdminEndpoint.segment(project) + "/keys",
                new NewKey(developer, description, imported, expiresAt, allowedApis, rateLimit, quota));
        Output out = session.out();
        if (out.json()) {
            out.rawJson(response.body());
            return;
        }
        Key key = ApiJson.read(response.body(), Key.class);
        out.value(requireValue(key.key(), "create"));
        out.note((imported == null ? "created key " : "imported key ") + key.keyId() + " for developer "
                + key.developer() + " in project " + key.project() + " (hint " + key.keyHint() + ")");
    }

    private static void list(ParsedArgs args, Session session) {
        args.noPositionals();
        String project = args.value("--project");
        String developer = args.value("--developer");
        if (project == null && developer == null) {
            throw new UsageException("give --project or --developer (or both)");
        }
        String status = args.value("--status");
        if (status != null) {
            status = status.toUpperCase(Locale.ROOT);
            if (!STATUSES.contains(status)) {
                throw new UsageException("--status must be one of " + String.join(", ", STATUSES) + ", got '"
                        + args.value("--status") + "'");
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", status);
        String path;
        if (project != null) {
            path = "/admin/projects/" + AdminEndpoint.segment(Ids.entity("--project", project)) + "/keys";
            query.put("developer", developer == null ? null : Ids.entity("--developer", developer));
        } else {
            path = "/admin/developers/" + AdminEndpoint.segment(Ids.entity("--developer", developer)) + "/keys";
        }
        Listing.run(args, session, path, query, Key.class, Views::keys, "keys");
    }

    private static void get(ParsedArgs args, Session session) {
        String keyId = Ids.key(args.onlyPositional("KEY_ID"));
        showKey(session, session.client().get("/admin/keys/" + keyId, Map.of()));
    }

    private static void reveal(ParsedArgs args, Session session) {
        String keyId = Ids.key(args.onlyPositional("KEY_ID"));
        ApiResponse response = session.client().post("/admin/keys/" + keyId + "/reveal", null);
        Output out = session.out();
        if (out.json()) {
            out.rawJson(response.body());
        } else {
            out.value(requireValue(ApiJson.read(response.body(), RevealedKey.class).key(), "reveal"));
        }
    }

    private static void revoke(ParsedArgs args, Session session) {
        String keyId = Ids.key(args.onlyPositional("KEY_ID"));
        showKey(session, session.client().post("/admin/keys/" + keyId + "/revoke", null));
    }

    private static void rotate(ParsedArgs args, Session session) {
        String keyId = Ids.key(args.onlyPositional("KEY_ID"));
        String grace = args.value("--grace");
        if (grace == null) {
            throw new UsageException("--grace is required: how long the old key keeps working (--grace 0 stops it at once)");
        }
        long seconds = Durations.seconds("--grace", grace);
        if (seconds > Rotation.MAX_GRACE_SECONDS) {
            throw new UsageException("--grace must be at most 30d, got " + grace);
        }
        ApiResponse response = session.client().post("/admin/keys/" + keyId + "/rotate", new Rotation(seconds));
        Output out = session.out();
        if (out.json()) {
            out.rawJson(response.body());
            return;
        }
        RotatedKey rotated = ApiJson.read(response.body(), RotatedKey.class);
        if (rotated.newKey() == null || rotated.oldKey() == null) {
            throw new UnexpectedAnswerException("the admin API answered rotate without newKey and oldKey");
        }
        out.value(requireValue(rotated.newKey().key(), "rotate"));
        Key old = rotated.oldKey();
        out.note("rotated " + old.keyId() + " into " + rotated.newKey().keyId() + " (hint " + rotated.newKey().keyHint()
                + "); " + old.keyId() + (old.expiresAt() == null ? " keeps working" : " works until " + old.expiresAt()));
    }

    private static void update(ParsedArgs args, Session session) {
        String keyId = Ids.key(args.onlyPositional("KEY_ID"));
        exclusive(args, "--expires-at", "--no-expiry");
        exclusive(args, "--allowed-api", "--all-apis");
        exclusive(args, "--rate-limit", "--no-rate-limit");
        exclusive(args, "--quota", "--no-quota");
        Change<String> expiresAt = args.flag("--no-expiry") ? Change.clear()
                : args.value("--expires-at") == null ? null
                : Change.to(Instants.parse("--expires-at", args.value("--expires-at")));
        List<String> allowedApis = args.flag("--all-apis") ? List.of() : allowedApis(args);
        Change<RateLimit> rateLimit = args.flag("--no-rate-limit") ? Change.clear()
                : args.value("--rate-limit") == null ? null
                : Change.to(RateLimit.parse("--rate-limit", args.value("--rate-limit")));
        Change<Quota> quota = args.flag("--no-quota") ? Change.clear()
                : args.value("--quota") == null ? null : Change.to(Quota.parse("--quota", args.value("--quota")));
        KeyUpdate update = new KeyUpdate(args.value("--description"), allowedApis, expiresAt, rateLimit, quota);
        if (update.isEmpty()) {
            throw new UsageException("nothing to update: give --description, --expires-at, --no-expiry, "
                    + "--allowed-api, --all-apis, --rate-limit, --no-rate-limit, --quota or --no-quota");
        }
        showKey(session, session.client().patch("/admin/keys/" + keyId, update.body()));
    }

    private static void delete(ParsedArgs args, Session session) {
        String keyId = Ids.key(args.onlyPositional("KEY_ID"));
        session.client().delete("/admin/keys/" + keyId);
        session.out().note("deleted key " + keyId);
    }

    private static void showKey(Session session, ApiResponse response) {
        Output out = session.out();
        if (out.json()) {
            out.rawJson(response.body());
        } else {
            out.lines(Views.key(ApiJson.read(response.body(), Key.class)).lines());
        }
    }

    /** Every --allowed-api value, commas split, checked; {@code null} when none was given. */
    static List<String> allowedApis(ParsedArgs args) {
        if (args.all("--allowed-api").isEmpty()) {
            return null;
        }
        List<String> apis = new ArrayList<>();
        for (String value : args.all("--allowed-api")) {
            for (String api : value.split(",", -1)) {
                String id = Ids.entity("--allowed-api", api.strip());
                if (apis.contains(id)) {
                    throw new UsageException("--allowed-api " + id + " given twice");
                }
                apis.add(id);
            }
        }
        return apis;
    }

    private static void exclusive(ParsedArgs args, String one, String other) {
        if (args.has(one) && args.has(other)) {
            throw new UsageException(one + " and " + other + " exclude each other");
        }
    }

    private static String requireValue(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new UnexpectedAnswerException("the admin API answered " + what + " without the key");
        }
        return value;
    }

    private static List<Option> concat(List<Option> first, List<Option> second) {
        List<Option> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
