package io.asm.common.error;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The official POP error body (CONTRACT.md §7): {@code {RequestId, HostId, Code, Message, Recommend}} in that order.
 */
@JsonPropertyOrder({"RequestId", "HostId", "Code", "Message", "Recommend"})
@RegisterForReflection
public record ErrorEnvelope(
        @JsonProperty("RequestId") String requestId,
        @JsonProperty("HostId") String hostId,
        @JsonProperty("Code") String code,
        @JsonProperty("Message") String message,
        @JsonProperty("Recommend") String recommend) {

    public static final String JSON_TYPE = "application/json;charset=utf-8";

    public static ErrorEnvelope of(String requestId, String hostId, String code, String message) {
        String recommend =
                "https://api.aliyun.com/troubleshoot?q=" + code + "&product=servicemesh&requestId=" + requestId;
        return new ErrorEnvelope(requestId, hostId, code, message, recommend);
    }
}
