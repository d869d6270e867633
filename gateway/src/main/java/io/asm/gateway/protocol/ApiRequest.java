package io.asm.gateway.protocol;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One public API call as received: the real method, the decoded query and form parameters (kept apart, because
 * ACS3 signs only the query), their union, lower-cased headers and the exact body bytes.
 */
public record ApiRequest(
        String method,
        SortedMap<String, String> query,
        SortedMap<String, String> form,
        SortedMap<String, String> params,
        Map<String, String> headers,
        byte[] body) {

    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    public String param(String name) {
        return params.get(name);
    }

    public boolean isAcs3() {
        String auth = header("authorization");
        return auth != null && auth.startsWith(Acs3.ALGORITHM);
    }

    /**
     * Action from {@code Action}; for ACS3, which may send it only as a header, else the (signed) {@code x-acs-action}.
     * An RPC v1 signature covers parameters, never headers.
     */
    public String action() {
        String action = params.get("Action");
        return action != null || !isAcs3() ? action : header("x-acs-action");
    }

    public String version() {
        String version = params.get("Version");
        return version != null || !isAcs3() ? version : header("x-acs-version");
    }

    /** The same request without its empty-valued parameters (those a Tea v2 signature leaves uncovered). */
    public ApiRequest withoutEmptyParams() {
        return new ApiRequest(method, nonEmpty(query), nonEmpty(form), nonEmpty(params), headers, body);
    }

    private static SortedMap<String, String> nonEmpty(SortedMap<String, String> in) {
        SortedMap<String, String> out = new TreeMap<>();
        in.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, v);
            }
        });
        return Collections.unmodifiableSortedMap(out);
    }

    /** XML only when asked for explicitly; JSON otherwise (ACS3 never sends Format, Tea v2 sends "json"). */
    public boolean wantsXml() {
        return "XML".equalsIgnoreCase(params.get("Format"));
    }
}
