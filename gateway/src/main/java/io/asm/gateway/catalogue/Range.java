package io.asm.gateway.catalogue;

/** The bounds of a numeric parameter, so that no service meets a page number it cannot hold in an int. */
public record Range(long min, long max) implements ValueRule {

    public static Range between(long min, long max) {
        return new Range(min, max);
    }

    @Override
    public boolean accepts(Object value) {
        double d = ((Number) value).doubleValue();
        return d >= min && d <= max;
    }

    @Override
    public String describe() {
        return "a number from " + min + " to " + max;
    }
}
