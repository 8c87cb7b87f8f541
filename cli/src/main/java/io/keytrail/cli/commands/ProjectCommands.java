package io.keytrail.cli.commands;

import io.keytrail.cli.api.ApiJson;
import io.keytrail.cli.api.Ids;
import io.keytrail.cli.api.NewProject;
import io.keytrail.cli.api.Project;
import io.keytrail.cli.args.Option;
import io.keytrail.cli.args.ParsedArgs;
import io.keytrail.cli.client.AdminEndpoint;
import io.keytrail.cli.client.ApiResponse;
import io.keytrail.cli.output.Output;
import io.keytrail.cli.output.Views;
import java.util.List;
import java.util.Map;

/** {@code keytrail projects ...}: the projects keys belong to. */
final class ProjectCommands {
    private ProjectCommands() {
    }

    static Group group() {
        return new Group("projects", "create, list, show and delete projects", List.of(
                new Verb("create", "PROJECT [--name NAME] [--description TEXT]", "create a project",
                        "Creates a project and shows it. An id is never reused, not even after a delete.",
                        List.of(Option.value("--name", "NAME", "display name, 1 to 128 characters (default: the id)"),
                                Option.value("--description", "TEXT", "at most 1024 characters")),
                        ProjectCommands::create),
                new Verb("list", "[options]", "list projects, ordered by id", "", Listing.OPTIONS,
                        (args, session) -> {
                            args.noPositionals();
                            Listing.run(args, session, "/admin/projects", Map.of(), Project.class, Views::projects,
                                    "projects");
                        }),
                new Verb("get", "PROJECT", "show a project", "", List.of(),
                        (args, session) -> show(session, session.client().get(path(args), Map.of()))),
                new Verb("delete", "PROJECT", "delete a project that has no active keys",
                        "Refused with CONFLICT while the project has active keys: revoke or delete them first.",
                        List.of(), ProjectCommands::delete)));
    }

    private static void create(ParsedArgs args, Session session) {
        String id = Ids.entity("project", args.onlyPositional("PROJECT"));
        show(session, session.client().post("/admin/projects",
                new NewProject(id, args.value("--name"), args.value("--description"))));
    }

    private static void delete(ParsedArgs args, Session session) {
        String path = path(args);
        session.client().delete(path);
        session.out().note("deleted project " + args.onlyPositional("PROJECT"));
    }

    private static String path(ParsedArgs args) {
        return "/admin/projects/" + AdminEndpoint.segment(Ids.entity("project", args.onlyPositional("PROJECT")));
    }

    private static void show(Session session, ApiResponse response) {
        Output out = session.out();
        if (out.json()) {
            out.rawJson(response.body());
        } else {
            out.lines(Views.project(ApiJson.read(response.body(), Project.class)).lines());
        }
    }
}
