package io.netmon.source;

/** Unsigned 64-bit counters held in longs. */
public final class Unsigned {
    private Unsigned() {
    }

    /** The nearest double to the u64 {@code value}: 18446744073709551615 is 1.8446744073709552E19, never negative. */
    public static double toDouble(long value) {
        if (value >= 0) {
            return value;
        }
        // Halve, keeping the lowest bit as a sticky bit so the rounding stays correct, then double.
        return ((double) ((value >>> 1) | (value & 1))) * 2.0;
    }
}
