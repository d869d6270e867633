package io.asm.gateway.protocol;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Step 1 of the chain: the request shapes A–F of CONTRACT.md §3 become one {@link ApiRequest}. */
public final class RequestParser {

    /** Bounds that keep a hostile request from costing more than a legitimate one. */
    static final int MAX_PARAMS = 200;

    static final int MAX_BODY_BYTES = 1 << 20;

    private RequestParser() {}

    public static ApiRequest parse(String method, String rawQuery, Map<String, String> lowerCaseHeaders, byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new AsmException(AsmError.INVALID_PARAMETER, "body", "The request body exceeds 1 MiB.");
        }
        SortedMap<String, String> query = decode(rawQuery == null ? "" : rawQuery, "query");
        SortedMap<String, String> form = isForm(lowerCaseHeaders.get("content-type"))
                ? decode(new String(body, StandardCharsets.ISO_8859_1), "body")
                : Collections.emptySortedMap();
        SortedMap<String, String> params = new TreeMap<>(query);
        for (var e : form.entrySet()) {
            String previous = params.putIfAbsent(e.getKey(), e.getValue());
            if (previous != null && !previous.equals(e.getValue())) {
                throw duplicated(e.getKey());
            }
        }
        return new ApiRequest(
                method,
                Collections.unmodifiableSortedMap(query),
                Collections.unmodifiableSortedMap(form),
                Collections.unmodifiableSortedMap(params),
                lowerCaseHeaders,
                body);
    }

    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** Form-decodes {@code a=1&b=2}; a name given twice is refused, since a signature could not say which counts. */
    static SortedMap<String, String> decode(String raw, String where) {
        SortedMap<String, String> out = new TreeMap<>();
        if (raw.isEmpty()) {
            return out;
        }
        int count = 0;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > MAX_PARAMS) {
                throw new AsmException(AsmError.INVALID_PARAMETER, where, "Too many parameters.");
            }
            int eq = pair.indexOf('=');
            String name = Percent.decodeForm(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : Percent.decodeForm(pair.substring(eq + 1));
            if (out.put(name, value) != null) {
                throw duplicated(name);
            }
        }
        return out;
    }

    private static AsmException duplicated(String name) {
        return new AsmException(AsmError.INVALID_PARAMETER, name, "The parameter is given more than once.");
    }
}
