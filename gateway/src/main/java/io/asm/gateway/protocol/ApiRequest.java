package io.asm.gateway.protocol;

import java.util.Map;
import java.util.SortedMap;

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

    /** Action from {@code Action}, else the {@code x-acs-action} header every client sends. */
    public String action() {
        String action = params.get("Action");
        return action != null ? action : header("x-acs-action");
    }

    public String version() {
        String version = params.get("Version");
        return version != null ? version : header("x-acs-version");
    }

    /** XML only when asked for explicitly; JSON otherwise (ACS3 never sends Format, Tea v2 sends "json"). */
    public boolean wantsXml() {
        return "XML".equalsIgnoreCase(params.get("Format"));
    }
}
