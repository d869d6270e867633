package io.asm.gateway.auth;

/** Who signed the request, after authentication. */
public record Caller(String accessKeyId, String accountId, boolean admin) {}
