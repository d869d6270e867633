package io.asm.common.error;

/**
 * The one exception the domain throws: an official ASM/POP error code, its message and HTTP status.
 * {@link AsmExceptionMapper} renders it as the official error envelope.
 */
public class AsmException extends RuntimeException {

    private final String code;
    private final int httpStatus;

    public AsmException(String code, String message, int httpStatus) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public AsmException(AsmError error, Object... args) {
        this(error.code(), error.message(args), error.httpStatus());
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
