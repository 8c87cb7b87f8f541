package io.keytrail.cli.commands;

import io.keytrail.cli.api.ApiJson;
import io.keytrail.cli.api.Developer;
import io.keytrail.cli.api.Ids;
import io.keytrail.cli.api.NewDeveloper;
import io.keytrail.cli.args.Option;
import io.keytrail.cli.args.ParsedArgs;
import io.keytrail.cli.client.AdminEndpoint;
import io.keytrail.cli.client.ApiResponse;
import io.keytrail.cli.output.Output;
import io.keytrail.cli.output.Views;
import java.util.List;
import java.util.Map;

/** {@code keytrail developers ...}: the developers who hold keys. */
final class DeveloperCommands {
    private DeveloperCommands() {
    }

    static Group group() {
        return new Group("developers", "create, list, show and delete developers", List.of(
                new Verb("create", "DEVELOPER [--name NAME] [--email EMAIL]", "create a developer",
                        "Creates a developer and shows it.",
                        List.of(Option.value("--name", "NAME", "display name, 1 to 128 characters (default: the id)"),
                                Option.value("--email", "EMAIL", "contact address")),
                        DeveloperCommands::create),
                new Verb("list", "[options]", "list developers, ordered by id", "", Listing.OPTIONS,
                        (args, session) -> {
                            args.noPositionals();
                            Listing.run(args, session, "/admin/developers", Map.of(), Developer.class,
                                    Views::developers, "developers");
                        }),
                new Verb("get", "DEVELOPER", "show a developer", "", List.of(),
                        (args, session) -> show(session, session.client().get(path(args), Map.of()))),
                new Verb("delete", "DEVELOPER", "delete a developer who has no active keys",
                        "Refused with CONFLICT while the developer has active keys: revoke or delete them first.",
                        List.of(), DeveloperCommands::delete)));
    }

    private static void create(ParsedArgs args, Session session) {
        String id = Ids.entity("developer", args.onlyPositional("DEVELOPER"));
        show(session, session.client().post("/admin/developers",
                new NewDeveloper(id, args.value("--name"), args.value("--email"))));
    }

    private static void delete(ParsedArgs args, Session session) {
        String path = path(args);
        session.client().delete(path);
        session.out().note("deleted developer " + args.onlyPositional("DEVELOPER"));
    }

    private static String path(ParsedArgs args) {
        return "/admin/developers/" + AdminEndpoint.segment(Ids.entity("developer", args.onlyPositional("DEVELOPER")));
    }

    private static void show(Session session, ApiResponse response) {
        Output out = session.out();
        if (out.json()) {
            out.rawJson(response.body());
        } else {
            out.lines(Views.developer(ApiJson.read(response.body(), Developer.class)).lines());
        }
    }
}
