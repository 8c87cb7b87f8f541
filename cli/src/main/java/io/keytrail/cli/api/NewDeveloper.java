package io.keytrail.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** The body of {@code POST /admin/developers}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewDeveloper(String id, String name, String email) {
    public NewDeveloper {
        Objects.requireNonNull(id, "id");
    }
}
