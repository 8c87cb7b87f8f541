package io.keytrail.reporting.directory;

/**
 * The rules for the fields of projects and developers, shared by the handlers (which answer 400
 * with the problem) and the directories (which refuse an argument that breaks them). Each method
 * answers what is wrong, naming the field, or {@code null} when the value is fine.
 */
public final class DirectoryRules {
    public static final int MAX_NAME_LENGTH = 128;
    public static final int MAX_DESCRIPTION_LENGTH = 1024;
    public static final int MAX_EMAIL_LENGTH = 254;

    private DirectoryRules() {
    }

    public static String nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "name must not be blank";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "name must be at most " + MAX_NAME_LENGTH + " characters";
        }
        if (hasControlCharacter(name)) {
            return "name must not contain control characters";
        }
        return null;
    }

    /** A project's description may be empty. */
    public static String descriptionProblem(String description) {
        if (description == null) {
            return "description must be a string";
        }
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            return "description must be at most " + MAX_DESCRIPTION_LENGTH + " characters";
        }
        if (hasControlCharacter(description)) {
            return "description must not contain control characters";
        }
        return null;
    }

    /** At most 254 characters, one {@code @} with text either side, no spaces or control characters. */
    public static String emailProblem(String email) {
        if (email == null) {
            return "email must be a string";
        }
        if (email.length() > MAX_EMAIL_LENGTH) {
            return "email must be at most " + MAX_EMAIL_LENGTH + " characters";
        }
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return "email must not contain spaces or control characters";
            }
        }
        int at = email.indexOf('@');
        if (at < 1 || at == email.length() - 1 || email.indexOf('@', at + 1) >= 0) {
            return "email must have one '@' with text either side";
        }
        return null;
    }

    static void require(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
