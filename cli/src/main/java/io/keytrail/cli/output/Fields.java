package io.keytrail.cli.output;

import java.util.ArrayList;
import java.util.List;

/** Named values one per line, names aligned: what {@code get} prints. Absent and empty values are skipped. */
public final class Fields {
    private final List<String[]> fields = new ArrayList<>();

    /** Adds the field unless {@code value} is null or empty. */
    public Fields add(String name, String value) {
        if (value != null && !value.isEmpty()) {
            fields.add(new String[] {name, Text.clean(value)});
        }
        return this;
    }

    public List<String> lines() {
        int width = fields.stream().mapToInt(f -> f[0].length()).max().orElse(0);
        List<String> lines = new ArrayList<>(fields.size());
        for (String[] field : fields) {
            lines.add((field[0] + ":" + " ".repeat(width - field[0].length() + 1) + field[1]).stripTrailing());
        }
        return lines;
    }
}
