package io.asm.gateway.catalogue;

import java.util.List;

/**
 * One parameter of an action: its canonical name, type, required-ness, the other names clients use for it, and the
 * rule its value must satisfy ({@code null} for booleans, whose type says it all).
 */
public record ParamSpec(String name, ParamType type, boolean required, List<String> aliases, ValueRule rule) {

    /** An identifier or other constrained text. */
    public static ParamSpec id(String name, ValueFormat format) {
        return new ParamSpec(name, ParamType.STRING, false, List.of(), format);
    }

    /** Single-line free text. */
    public static ParamSpec string(String name, String... aliases) {
        return new ParamSpec(name, ParamType.STRING, false, List.of(aliases), ValueFormat.TEXT);
    }

    /** Multi-line text such as a kubeconfig. */
    public static ParamSpec document(String name) {
        return id(name, ValueFormat.DOCUMENT);
    }

    public static ParamSpec bool(String name) {
        return new ParamSpec(name, ParamType.BOOLEAN, false, List.of(), null);
    }

    public static ParamSpec number(String name, long min, long max) {
        return new ParamSpec(name, ParamType.FLOAT, false, List.of(), Range.between(min, max));
    }

    public static ParamSpec integer(String name, long min, long max) {
        return new ParamSpec(name, ParamType.LONG, false, List.of(), Range.between(min, max));
    }

    /** A list sent as {@code name.1}, {@code name.2}, … ({@link Repeated}); each item of {@code format}. */
    public static ParamSpec list(String name, ValueFormat format, int maxItems) {
        return new ParamSpec(name, ParamType.STRING, false, List.of(), new Repeated(maxItems, format, null));
    }

    /** Tags sent as {@code name.N.Key} and {@code name.N.Value} (also under the aliases), Alibaba's tag formats. */
    public static ParamSpec tags(String name, String... aliases) {
        return new ParamSpec(
                name,
                ParamType.STRING,
                false,
                List.of(aliases),
                new Repeated(ValueFormat.MAX_TAGS, ValueFormat.TAG_KEY, ValueFormat.TAG_VALUE));
    }

    /** The same parameter, required. */
    public ParamSpec mandatory() {
        return new ParamSpec(name, type, true, aliases, rule);
    }
}
