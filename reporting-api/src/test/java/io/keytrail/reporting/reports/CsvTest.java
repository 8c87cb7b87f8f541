package io.keytrail.reporting.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvTest {
    @Test
    void writesAHeaderAndRowsWithCrlf() {
        assertEquals("a,b,c\r\n1,x,2024-05-01T00:00:00Z\r\n,,\r\n", Csv.write(List.of("a", "b", "c"), List.of(
                List.of(1L, "x", Instant.parse("2024-05-01T00:00:00Z")), Arrays.asList(null, "", null))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "plain               | plain",
            "a,b                 | `\"a,b\"`",
            "say \"hi\"          | `\"say \"\"hi\"\"\"`",
            "=1+1                | '=1+1",
            "+1                  | '+1",
            "-2                  | '-2",
            "@SUM(A1)            | '@SUM(A1)",
            "`=HYPERLINK(\"x\",\"y\")` | `\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"`",
    })
    void quotesAndNeutralisesTextCells(String text, String expected) {
        assertEquals(expected, Csv.cell(text));
    }

    @Test
    void lineBreaksAndLeadingTabsAreQuotedOrNeutralised() {
        assertEquals("\"a\nb\"", Csv.cell("a\nb"));
        assertEquals("'\tx", Csv.cell("\tx"));
        assertEquals("\"'\rx\"", Csv.cell("\rx"));
    }

    @Test
    void numbersAreNumbersEvenWhenNegative() {
        assertEquals("-5", Csv.cell(-5L));
        assertEquals("true", Csv.cell(true));
    }

    @Test
    void aRowOfTheWrongWidthIsABug() {
        assertThrows(IllegalArgumentException.class, () -> Csv.write(List.of("a"), List.of(List.of(1, 2))));
    }
}
