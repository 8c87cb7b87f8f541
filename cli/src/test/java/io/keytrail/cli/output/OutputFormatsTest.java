package io.keytrail.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keytrail.cli.api.Key;
import io.keytrail.cli.api.Quota;
import io.keytrail.cli.api.RateLimit;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputFormatsTest {
    @Test
    void tablesAlignColumnsAndDoNotPadTheLast() {
        Table table = new Table("ID", "NAME", "NOTE").row("a", "long name", "x").row("bbbb", "", "y z");
        assertEquals(List.of(
                "ID    NAME       NOTE",
                "a     long name  x",
                "bbbb  -          y z"), table.lines());
    }

    @Test
    void controlCharactersNeverReachTheTerminal() {
        assertEquals("a?[31mred?b?c", Text.clean("a\u001b[31mred\u0007b\u009bc"));
        assertEquals("plain é ü", Text.clean("plain é ü"));
        assertEquals("", Text.clean(null));
        assertEquals(List.of("ID  NAME", "?]  x?y"), new Table("ID", "NAME").row("\u001b]", "x\ny").lines());
    }

    @Test
    void fieldsAlignNamesAndSkipAbsentValues() {
        assertEquals(List.of("id:          x", "description: two words"),
                new Fields().add("id", "x").add("name", null).add("email", "").add("description", "two words").lines());
    }

    @Test
    void keyViews() {
        Key key = new Key("key_0123456789abcdef", null, "shop", "alice", "CI key", "ACTIVE", "AbCd",
                "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", null, null, null, List.of("orders", "payments"),
                new RateLimit(100, 60), new Quota(10000, "DAY"), false, 3L);
        assertEquals(List.of(
                "key id:       key_0123456789abcdef",
                "project:      shop",
                "developer:    alice",
                "description:  CI key",
                "status:       ACTIVE",
                "hint:         AbCd",
                "created:      2026-01-01T00:00:00Z",
                "updated:      2026-01-02T00:00:00Z",
                "expires:      never",
                "allowed apis: orders, payments",
                "rate limit:   100/1m",
                "quota:        10000/DAY",
                "imported:     no",
                "version:      3"), Views.key(key).lines());
        assertEquals(List.of(
                "KEY ID                PROJECT  DEVELOPER  STATUS  HINT  CREATED               EXPIRES  DESCRIPTION",
                "key_0123456789abcdef  shop     alice      ACTIVE  AbCd  2026-01-01T00:00:00Z  never    CI key"),
                Views.keys(List.of(key)).lines());
    }
}
