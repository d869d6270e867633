package io.asm.local;

/** A problem the user can act on; printed as a one-line message, never as a stack trace. */
public class SuiteException extends RuntimeException {
    public SuiteException(String message) {
        super(message);
    }
}
