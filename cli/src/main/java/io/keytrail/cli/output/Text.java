package io.keytrail.cli.output;

/** Text made safe for a terminal. */
public final class Text {
    private Text() {
    }

    /** {@code value} with every control character (C0, DEL, C1) replaced by {@code ?}; "" for null. */
    public static String clean(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder clean = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
            if (control && clean == null) {
                clean = new StringBuilder(value.substring(0, i));
            }
            if (clean != null) {
                clean.append(control ? '?' : c);
            }
        }
        return clean == null ? value : clean.toString();
    }
}
