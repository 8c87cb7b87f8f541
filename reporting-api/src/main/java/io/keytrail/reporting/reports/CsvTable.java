package io.keytrail.reporting.reports;

import java.util.List;
import java.util.Objects;

/**
 * The main list of a report as a table, for {@code ?format=csv}.
 *
 * @param filename the download's name; made of validated ids only, so safe in a header
 */
record CsvTable(String filename, List<String> columns, List<List<Object>> rows) {
    CsvTable {
        Objects.requireNonNull(filename, "filename");
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
