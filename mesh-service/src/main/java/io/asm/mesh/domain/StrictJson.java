package io.asm.mesh.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;

/**
 * Tenant JSON that becomes configuration (Kiali settings, extension providers, permissions) read into a fixed shape:
 * unknown fields, wrong types ("4180" for a number), duplicate keys and trailing text are refused, not guessed at.
 */
final class StrictJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private StrictJson() {}

    /** {@code text} as a {@code type}, or InvalidParameter naming {@code parameter} and {@code shape}. */
    static <T> T read(String parameter, String text, Class<T> type, String shape) {
        try {
            T value = MAPPER.readValue(text, type);
            if (value == null) {
                throw invalid(parameter, shape);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw invalid(parameter, shape);
        }
    }

    static AsmException invalid(String parameter, String why) {
        return new AsmException(AsmError.INVALID_PARAMETER, parameter, why);
    }
}
