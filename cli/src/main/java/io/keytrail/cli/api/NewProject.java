package io.keytrail.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** The body of {@code POST /admin/projects}; {@code name} defaults to the id on the API's side. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewProject(String id, String name, String description) {
    public NewProject {
        Objects.requireNonNull(id, "id");
    }
}
