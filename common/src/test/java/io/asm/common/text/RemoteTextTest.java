package io.asm.common.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class RemoteTextTest {

    @Test
    void controlCharactersGoAndLineBreaksBecomeSpaces() {
        assertEquals("v1.30.0-hostile", RemoteText.clean("v1.30.0\u0000-hostile\u001b\u007f\u0085"));
        assertEquals("line one line two", RemoteText.clean("line one\r\nline\ttwo\n"));
        assertEquals("ab", RemoteText.clean("a\ud800b")); // an unpaired surrogate
        assertEquals("😀", RemoteText.clean("😀"));
        assertEquals("", RemoteText.clean(null));
    }

    @Test
    void lengthIsCappedWithoutSplittingACharacter() {
        assertEquals(RemoteText.MAX_LENGTH, RemoteText.clean("x".repeat(10_000)).length());
        String emoji = "x" + "😀".repeat(RemoteText.MAX_LENGTH);
        assertEquals(RemoteText.MAX_LENGTH - 1, RemoteText.clean(emoji).length()); // 1 + 255 pairs; no half pair
    }

    @Test
    void aFailureIsDescribedWithItsRootCause() {
        assertEquals("IOException", RemoteText.describe(new IOException()));
        assertEquals("HTTP 500", RemoteText.describe(new IOException("HTTP 500")));
        assertEquals(
                "could not commit: invalid byte sequence 0x00",
                RemoteText.describe(new IllegalStateException(
                        "could not commit", new RuntimeException(new IOException("invalid byte sequence 0x00")))));
        assertEquals(
                "wrapped HTTP 500",
                RemoteText.describe(new RuntimeException("wrapped HTTP 500", new IOException("HTTP 500"))));
    }
}
