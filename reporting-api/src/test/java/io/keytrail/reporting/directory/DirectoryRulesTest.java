package io.keytrail.reporting.directory;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectoryRulesTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "Billing & Payments", "Zoë 🚀", " padded "})
    void acceptsNames(String name) {
        assertNull(DirectoryRules.nameProblem(name));
        assertNull(DirectoryRules.nameProblem("n".repeat(DirectoryRules.MAX_NAME_LENGTH)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "a\u0000", "a\nb", "a\u0085b", "a\u009fb"})
    void refusesNamesNamingTheField(String name) {
        assertTrue(DirectoryRules.nameProblem(name).startsWith("name "), name);
        assertTrue(DirectoryRules.nameProblem("n".repeat(DirectoryRules.MAX_NAME_LENGTH + 1)).startsWith("name "));
    }

    @Test
    void aDescriptionMayBeEmptyButNotTooLongOrControlled() {
        assertNull(DirectoryRules.descriptionProblem(""));
        assertNull(DirectoryRules.descriptionProblem("d".repeat(DirectoryRules.MAX_DESCRIPTION_LENGTH)));
        assertTrue(DirectoryRules.descriptionProblem("d".repeat(DirectoryRules.MAX_DESCRIPTION_LENGTH + 1))
                .startsWith("description "));
        assertTrue(DirectoryRules.descriptionProblem("a\rb").startsWith("description "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b", "carol@example.com", "first.last+tag@sub.example.co.uk", "ü@例え.jp"})
    void acceptsEmails(String email) {
        assertNull(DirectoryRules.emailProblem(email));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@", "a@", "@b", "ab", "a@b@c", "a b@c", "a@b c", "a\t@b", "a@b\u2003", "a@\u0000b"})
    void refusesEmailsNamingTheField(String email) {
        assertTrue(DirectoryRules.emailProblem(email).startsWith("email "), email);
        String longest = "e".repeat(64) + "@" + "x".repeat(DirectoryRules.MAX_EMAIL_LENGTH - 65);
        assertNull(DirectoryRules.emailProblem(longest));
        assertTrue(DirectoryRules.emailProblem(longest + "x").startsWith("email must be at most 254"));
    }

    @Test
    void theDirectoriesRefuseWhatTheRulesRefuse() {
        assertThrows(IllegalArgumentException.class,
                () -> new ProjectDirectory.Changes(Optional.of(""), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new DeveloperDirectory.Changes(Optional.empty(), Optional.of("nobody"), false));
        assertThrows(IllegalArgumentException.class,
                () -> new DeveloperDirectory.Changes(Optional.empty(), Optional.of("a@b"), true));
    }
}
