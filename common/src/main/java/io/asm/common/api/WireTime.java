package io.asm.common.api;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The times ASM answers with (CreationTime, UpdateTime): seconds and an offset, in UTC; empty when unknown. */
public final class WireTime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private WireTime() {}

    public static String format(OffsetDateTime t) {
        return t == null ? "" : t.withOffsetSameInstant(ZoneOffset.UTC).format(FORMAT);
    }
}
