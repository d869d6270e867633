package io.asm.gateway.catalogue;

import java.util.Locale;

/** Wire types of action parameters; values arrive as text and leave as typed JSON. */
public enum ParamType {
    STRING,
    BOOLEAN,
    LONG,
    FLOAT;

    /** The typed value, or null when the text is not of this type. */
    Object parse(String text) {
        return switch (this) {
            case STRING -> text;
            case BOOLEAN ->
                switch (text.toLowerCase(Locale.ROOT)) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> null;
                };
            case LONG -> {
                try {
                    yield Long.parseLong(text.trim());
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
            case FLOAT -> {
                try {
                    // Java clients send "100.0", JS "100": both fine; NaN and infinities are not values.
                    double d = Double.parseDouble(text.trim());
                    yield Double.isFinite(d) ? d : null;
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
        };
    }
}
