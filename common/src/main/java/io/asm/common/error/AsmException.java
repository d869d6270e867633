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

    /**
     * The official answer to a request HTTP itself refused before any action ran (a bare 4xx of the HTTP server or
     * router): InvalidParameter with that status, or the closest code POP has for it.
     */
    public static AsmException ofHttpStatus(int status) {
        return switch (status) {
            case 404 -> new AsmException(AsmError.NOT_FOUND, "The requested resource does not exist.");
            case 405 -> new AsmException(AsmError.UNSUPPORTED_HTTP_METHOD);
            case 413 -> invalid("The request body is too large.", 413);
            case 414 -> invalid("The request line is too long.", 414);
            case 415 -> new AsmException(AsmError.UNSUPPORTED_MEDIA_TYPE);
            case 431 -> invalid("The request header fields are too large.", 431);
            default ->
                status >= 500 || status < 400
                        ? new AsmException(AsmError.INTERNAL_ERROR)
                        : invalid("The request is not valid.", status);
        };
    }

    private static AsmException invalid(String message, int status) {
        return new AsmException(AsmError.INVALID_PARAMETER.code(), message, status);
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
