package io.asm.gateway.catalogue;

/** What a parameter's typed value must satisfy beyond its type; {@link #describe()} goes into InvalidParameter. */
public interface ValueRule {

    boolean accepts(Object typedValue);

    String describe();
}
