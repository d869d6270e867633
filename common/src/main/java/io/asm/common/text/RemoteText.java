package io.asm.common.text;

/**
 * Text that came from another server (versions, error messages, response bodies), made fit to store and show:
 * PostgreSQL refuses a NUL in text at commit, and a hostile server must not fill rows or logs with whatever it likes.
 * Control characters go (line feeds and tabs become spaces), and the length is capped.
 */
public final class RemoteText {

    public static final int MAX_LENGTH = 512;

    private RemoteText() {}

    /** {@code text} without control characters or unpaired surrogates, at most {@link #MAX_LENGTH} chars; "" for null. */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n' || cp == '\t') {
                cp = ' ';
            } else if (Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE) {
                continue;
            }
            if (out.length() + Character.charCount(cp) > MAX_LENGTH) {
                break;
            }
            out.appendCodePoint(cp);
        }
        return out.toString().strip();
    }

    /**
     * What went wrong, for an ErrorMessage: the failure's message (its class when it has none) and, when the root
     * cause says something else, that too — a failed commit only says "could not commit", its cause says why.
     */
    public static String describe(Throwable failure) {
        String message = messageOf(failure);
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String rootMessage = messageOf(root);
        if (root != failure && !message.contains(rootMessage)) {
            message = message + ": " + rootMessage;
        }
        return clean(message);
    }

    private static String messageOf(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
