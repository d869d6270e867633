package io.asm.gateway.catalogue;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Step 4 of the chain: raw text parameters become the typed input the owning service receives. */
public final class ParameterValidator {

    /** A bound on any single value; the whole body is bounded by the parser. */
    static final int MAX_VALUE_CHARS = 512 * 1024;

    private ParameterValidator() {}

    public static Map<String, Object> validate(ActionSpec spec, Map<String, String> params) {
        return validate(spec.params(), params);
    }

    public static Map<String, Object> validate(List<ParamSpec> specs, Map<String, String> params) {
        Map<String, Object> typed = new LinkedHashMap<>();
        for (ParamSpec p : specs) {
            if (p.rule() instanceof Repeated repeated) {
                List<Object> items = repeated.collect(p, params);
                if (items.isEmpty() && p.required()) {
                    throw AsmError.missing(p.name() + ".1");
                }
                if (!items.isEmpty()) {
                    typed.put(p.name(), items);
                }
                continue;
            }
            String value = valueOf(p, params);
            if (value == null || value.isEmpty()) {
                if (p.required()) {
                    throw AsmError.missing(p.name());
                }
                // An empty optional identifier or number is as good as absent; empty free text is kept.
                if (value != null && p.type() == ParamType.STRING && p.rule().accepts(value)) {
                    typed.put(p.name(), value);
                }
                continue;
            }
            if (value.length() > MAX_VALUE_CHARS) {
                throw new AsmException(AsmError.INVALID_PARAMETER, p.name(), "The value is too long.");
            }
            Object parsed = p.type().parse(value);
            if (parsed == null) {
                throw new AsmException(
                        AsmError.INVALID_PARAMETER,
                        p.name(),
                        "It must be a " + p.type().name().toLowerCase(Locale.ROOT) + ", got '" + abbreviate(value)
                                + "'.");
            }
            if (p.rule() != null && !p.rule().accepts(parsed)) {
                // The rule, not the value: a hostile value is not echoed back.
                throw new AsmException(
                        AsmError.INVALID_PARAMETER,
                        p.name(),
                        "It must be " + p.rule().describe() + ".");
            }
            typed.put(p.name(), parsed);
        }
        return typed;
    }

    /** The value under the canonical name or one alias; two different values under both is ambiguous. */
    private static String valueOf(ParamSpec p, Map<String, String> params) {
        String value = params.get(p.name());
        for (String alias : p.aliases()) {
            String other = params.get(alias);
            if (other != null) {
                if (value != null && !value.equals(other)) {
                    throw new AsmException(
                            AsmError.INVALID_PARAMETER,
                            p.name(),
                            "It is also given as " + alias + " with another value.");
                }
                value = other;
            }
        }
        return value;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
