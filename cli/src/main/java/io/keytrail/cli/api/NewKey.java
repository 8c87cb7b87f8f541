package io.keytrail.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code POST /admin/projects/{project}/keys}. Absent settings are left out of the JSON
 * so that the API's defaults apply. {@code key} is set only to import an existing key;
 * {@link #toString()} never shows it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewKey(String developer, String description, String key, String expiresAt, List<String> allowedApis,
                     RateLimit rateLimit, Quota quota) {
    public NewKey {
        Objects.requireNonNull(developer, "developer");
        Objects.requireNonNull(description, "description");
        allowedApis = allowedApis == null ? null : List.copyOf(allowedApis);
    }

    @Override
    public String toString() {
        return "NewKey[developer=" + developer + ", key=" + (key == null ? "generated" : "***") + "]";
    }
}
