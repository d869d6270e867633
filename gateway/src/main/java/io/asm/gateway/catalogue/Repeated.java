package io.asm.gateway.catalogue;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A list as RPC clients flatten it: {@code Name.1}, {@code Name.2}, … or, for key/value pairs (tags),
 * {@code Name.1.Key} and {@code Name.1.Value}. It reaches the service as a JSON array, of strings or of
 * {@code {Key, Value}} objects, in index order. {@code value} is null for a plain list.
 */
public record Repeated(int maxItems, ValueFormat element, ValueFormat value) implements ValueRule {

    /** Items of each single string are checked while collecting; what arrives here is already a checked list. */
    @Override
    public boolean accepts(Object typedValue) {
        return typedValue instanceof List<?> list && list.size() <= maxItems;
    }

    @Override
    public String describe() {
        return "at most " + maxItems
                + (value == null
                        ? " items, each " + element.describe()
                        : " pairs, each Key " + element.describe() + " and Value " + value.describe());
    }

    /** The items under {@code name} (and its aliases), or an empty list when none is given. */
    List<Object> collect(ParamSpec p, Map<String, String> params) {
        TreeMap<Integer, Object> items = new TreeMap<>();
        List<String> names = new ArrayList<>(List.of(p.name()));
        names.addAll(p.aliases());
        for (String name : names) {
            for (var e : params.entrySet()) {
                if (!e.getKey().startsWith(name + ".")) {
                    continue;
                }
                String[] rest = e.getKey().substring(name.length() + 1).split("\\.", -1);
                Integer index = index(rest[0]);
                if (index == null || (value == null) != (rest.length == 1)) {
                    continue; // not this list's shape: ignored, as POP ignores unknown parameters
                }
                if (index > maxItems) {
                    throw invalid(p);
                }
                // Tag.1.Key and Tags.1.Key from two spellings are one list: the alias continues the numbering.
                int at = names.indexOf(name) * maxItems + index;
                if (value == null) {
                    items.put(at, checked(p, element, e.getValue()));
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, String> pair =
                            (Map<String, String>) items.computeIfAbsent(at, i -> new LinkedHashMap<String, String>());
                    switch (rest[1]) {
                        case "Key" -> pair.put("Key", checked(p, element, e.getValue()));
                        case "Value" -> pair.put("Value", checked(p, value, e.getValue()));
                        default -> {}
                    }
                }
            }
        }
        List<Object> list = new ArrayList<>();
        for (Object item : items.values()) {
            if (item instanceof Map<?, ?> pair) {
                if (!pair.containsKey("Key")) {
                    if (pair.isEmpty()) {
                        continue; // only unknown sub-parameters at this index
                    }
                    throw new AsmException(AsmError.INVALID_PARAMETER, p.name(), "Each Value needs its Key.");
                }
                ((Map<String, String>) pair).putIfAbsent("Value", "");
            }
            list.add(item);
        }
        if (list.size() > maxItems) {
            throw invalid(p);
        }
        return list;
    }

    private static Integer index(String text) {
        if (!text.matches("[1-9][0-9]{0,3}")) {
            return null;
        }
        return Integer.parseInt(text);
    }

    private String checked(ParamSpec p, ValueFormat format, String text) {
        if (!format.accepts(text)) {
            throw invalid(p);
        }
        return text;
    }

    private AsmException invalid(ParamSpec p) {
        return new AsmException(AsmError.INVALID_PARAMETER, p.name(), "It must be " + describe() + ".");
    }
}
