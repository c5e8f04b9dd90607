package io.netmon.history;

/**
 * When a counter that went down is a 32-bit wrap and when it is a reset. Counters are unsigned
 * 64-bit values held in longs.
 *
 * <p>A counter that is smaller than in the previous sample is a <b>32-bit wrap</b> when all of:
 * <ul>
 *   <li>its previous value was below 2<sup>32</sup> (a driver that keeps 32-bit counters never shows more);</li>
 *   <li>the delta it implies, {@code next + 2^32 - previous}, is below 2<sup>31</sup>: the counter was in the
 *       top half of its range and came round to a small value, not from anywhere to anywhere.</li>
 * </ul>
 * Anything else that goes down is a <b>reset</b> (interface deleted and re-created under the same name,
 * module reloaded, {@code reset} written). A series whose counters are all wraps or increases goes on;
 * one reset counter starts a new segment for the whole series, because a reset moves every counter at once.
 * The rule cannot tell a reset from a wrap when every counter that went down sat in
 * [2<sup>31</sup>, 2<sup>32</sup>) before and is small after; packet counters make that all but impossible
 * (2<sup>31</sup> packets carry far more than 2<sup>32</sup> bytes), so a real reset, which zeroes the packet
 * counters too, is still seen.
 */
public final class CounterRule {
    /** 2^32: the modulus of a 32-bit counter. */
    public static final long WRAP = 1L << 32;
    /** 2^31: the largest delta a wrap may imply (exclusive). */
    public static final long MAX_WRAP_DELTA = 1L << 31;

    private CounterRule() {
    }

    /** Whether {@code previous -> next} is a 32-bit wrap by the rule above. */
    public static boolean isWrap32(long previous, long next) {
        return Long.compareUnsigned(next, previous) < 0
                && Long.compareUnsigned(previous, WRAP) < 0
                && (WRAP - previous) + next < MAX_WRAP_DELTA;
    }

    /** Whether {@code previous -> next} goes back in a way that is not a wrap. */
    public static boolean isReset(long previous, long next) {
        return Long.compareUnsigned(next, previous) < 0 && !isWrap32(previous, next);
    }
}
