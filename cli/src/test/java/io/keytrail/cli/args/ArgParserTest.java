package io.keytrail.cli.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgParserTest {
    private static final List<Option> OPTIONS = List.of(
            Option.value("--project", "PROJECT", "p"),
            Option.repeatable("--allowed-api", "API", "a"),
            Option.flag("--all", "all"));

    private static ParsedArgs parse(String... args) {
        return ArgParser.parse(List.of(args), OPTIONS);
    }

    @Test
    void readsValuesFlagsAndPositionalsInAnyOrder() {
        ParsedArgs args = parse("key_1", "--project", "shop", "--all", "--allowed-api=orders", "--allowed-api", "pay");
        assertEquals("shop", args.value("--project"));
        assertEquals(List.of("orders", "pay"), args.all("--allowed-api"));
        assertTrue(args.flag("--all"));
        assertEquals(List.of("key_1"), args.positionals());
        assertEquals("key_1", args.onlyPositional("KEY_ID"));
    }

    @Test
    void anOptionTakesTheNextArgumentWhateverItLooksLike() {
        assertEquals("--all", parse("--project", "--all").value("--project"));
        assertEquals("a=b", parse("--project=a=b").value("--project"));
        assertEquals("", parse("--project=").value("--project"));
    }

    @Test
    void doubleDashEndsTheOptions() {
        ParsedArgs args = parse("--", "--project", "-x");
        assertNull(args.value("--project"));
        assertEquals(List.of("--project", "-x"), args.positionals());
        assertEquals(List.of("-"), parse("-").positionals());
    }

    @Test
    void mistakesAreUsageErrorsNamingTheOption() {
        assertEquals("unknown option --projekt", assertThrows(UsageException.class, () -> parse("--projekt", "x")).getMessage());
        assertEquals("--project given twice",
                assertThrows(UsageException.class, () -> parse("--project", "a", "--project", "b")).getMessage());
        assertEquals("--all given twice", assertThrows(UsageException.class, () -> parse("--all", "--all")).getMessage());
        assertEquals("--project needs a value (PROJECT)",
                assertThrows(UsageException.class, () -> parse("--project")).getMessage());
        assertEquals("--all takes no value", assertThrows(UsageException.class, () -> parse("--all=yes")).getMessage());
        assertEquals("unknown option -p", assertThrows(UsageException.class, () -> parse("-p", "x")).getMessage());
    }

    @Test
    void secretsOnTheCommandLineAreRefusedWithTheReason() {
        String token = assertThrows(UsageException.class, () -> parse("--token", "s3cret")).getMessage();
        assertTrue(token.startsWith("--token is not accepted"), token);
        assertTrue(token.contains("KEYTRAIL_ADMIN_TOKEN"), token);
        assertFalse(token.contains("s3cret"), "the refusal must not echo the secret: " + token);
        String inline = assertThrows(UsageException.class, () -> parse("--token=s3cret")).getMessage();
        assertFalse(inline.contains("s3cret"), inline);
        String key = assertThrows(UsageException.class, () -> parse("--key=abc")).getMessage();
        assertTrue(key.contains("--import"), key);
    }

    @Test
    void requiredAndPositionalChecks() {
        assertEquals("--project is required", assertThrows(UsageException.class, () -> parse().required("--project")).getMessage());
        assertEquals("KEY_ID is required", assertThrows(UsageException.class, () -> parse().onlyPositional("KEY_ID")).getMessage());
        assertEquals("one KEY_ID expected, got 2: a b",
                assertThrows(UsageException.class, () -> parse("a", "b").onlyPositional("KEY_ID")).getMessage());
        assertEquals("unexpected argument 'x'", assertThrows(UsageException.class, () -> parse("x").noPositionals()).getMessage());
    }
}
