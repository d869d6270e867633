package io.asm.gateway.catalogue;

import java.util.List;

/** One parameter of an action: its canonical name, type, required-ness and the other names clients use for it. */
public record ParamSpec(String name, ParamType type, boolean required, List<String> aliases) {

    public static ParamSpec required(String name) {
        return new ParamSpec(name, ParamType.STRING, true, List.of());
    }

    public static ParamSpec string(String name, String... aliases) {
        return new ParamSpec(name, ParamType.STRING, false, List.of(aliases));
    }

    public static ParamSpec bool(String name) {
        return new ParamSpec(name, ParamType.BOOLEAN, false, List.of());
    }

    public static ParamSpec number(String name) {
        return new ParamSpec(name, ParamType.FLOAT, false, List.of());
    }

    public static ParamSpec integer(String name) {
        return new ParamSpec(name, ParamType.LONG, false, List.of());
    }
}
