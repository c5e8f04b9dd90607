package io.netmon.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A ring's 32-bit values above a base per counter: rebased, widened and narrowed, every value kept exact. */
class RingTest {
    private static final long TWO_32 = 1L << 32;

    /** Writes point {@code index} (points {@code from..index-1} held): counter k gets {@code values[k]}. */
    private static void point(Ring ring, long index, long from, long... values) {
        for (int k = 0; k < values.length; k++) {
            ring.put(index, from, k, values[k]);
        }
        ring.endPoint(index, from, index == from);
    }

    private static long[] values(Ring ring, long index) {
        return new long[] {ring.value(index, 0), ring.value(index, 1), ring.value(index, 2), ring.value(index, 3)};
    }

    @Test
    void aValueBelowTheBaseOrPastItsSpanMovesTheBaseAndKeepsWhatIsHeld() {
        Ring ring = new Ring(2);
        point(ring, 0, 0, 5_000_000_000_000L, 10, 0, 7);
        // below the base (counter 0), and 3 GB above the point before (counter 2): both still narrow
        point(ring, 1, 0, 4_999_000_000_000L, 11, 3_000_000_000L, 7);
        assertThat(ring.wide()).isFalse();
        assertThat(values(ring, 0)).containsExactly(5_000_000_000_000L, 10, 0, 7);
        assertThat(values(ring, 1)).containsExactly(4_999_000_000_000L, 11, 3_000_000_000L, 7);
        // counter 2 at 6 GB: 6 GB above point 0, which has left the ring; 3 GB above point 1, which is held
        point(ring, 2, 1, 4_999_000_000_001L, 12, 6_000_000_000L, 7);
        assertThat(ring.wide()).isFalse();
        assertThat(values(ring, 1)).containsExactly(4_999_000_000_000L, 11, 3_000_000_000L, 7);
        assertThat(values(ring, 2)).containsExactly(4_999_000_000_001L, 12, 6_000_000_000L, 7);
        assertThat(ring.arrayBytes()).isEqualTo((16 + 8 * 4) + (16 + 8));
    }

    @Test
    void aSpanOf4GiBTurnsTheRingWideAndItNarrowsWhenThatSpanHasLeft() {
        Ring ring = new Ring(3);
        point(ring, 0, 0, 1, 2, 3, 4);
        point(ring, 1, 0, 2, 3, 4, 5);
        // counter 1 jumps 2^32: the ring turns wide in the middle of point 2, counter 0 already written
        point(ring, 2, 0, 3, 3 + TWO_32, 5, 6);
        assertThat(ring.wide()).isTrue();
        assertThat(ring.arrayBytes()).isEqualTo((16 + 8 * 12) + (16 + 8));
        assertThat(values(ring, 0)).containsExactly(1, 2, 3, 4);
        assertThat(values(ring, 1)).containsExactly(2, 3, 4, 5);
        assertThat(values(ring, 2)).containsExactly(3, 3 + TWO_32, 5, 6);
        assertThat(ring.segmentStart(0)).isTrue();
        assertThat(ring.segmentStart(2)).isFalse();

        // it tries again 3 points after it turned (at point 5): then points 3-5 span 2 on counter 1
        point(ring, 3, 1, 4, 4 + TWO_32, 6, 7);
        point(ring, 4, 2, 5, 5 + TWO_32, 7, 8);
        assertThat(ring.wide()).as("point 2 (and 1, 2^32 below) still held").isTrue();
        point(ring, 5, 3, 6, 6 + TWO_32, 8, 9);
        assertThat(ring.wide()).isFalse();
        assertThat(ring.arrayBytes()).isEqualTo((16 + 4 * 12) + (16 + 8));
        assertThat(values(ring, 3)).containsExactly(4, 4 + TWO_32, 6, 7);
        assertThat(values(ring, 4)).containsExactly(5, 5 + TWO_32, 7, 8);
        assertThat(values(ring, 5)).containsExactly(6, 6 + TWO_32, 8, 9);
    }

    @Test
    void aCounterResetBesideTheOldSegmentIsWideUntilTheOldSegmentLeaves() {
        Ring ring = new Ring(2);
        point(ring, 0, 0, 90_000_000_000L, 1, 1, 1);
        point(ring, 1, 0, 5, 1, 1, 1);
        assertThat(ring.wide()).isTrue();
        assertThat(values(ring, 0)).containsExactly(90_000_000_000L, 1, 1, 1);
        assertThat(values(ring, 1)).containsExactly(5, 1, 1, 1);
        point(ring, 2, 1, 6, 1, 1, 1);
        assertThat(ring.wide()).isTrue();
        point(ring, 3, 2, 7, 1, 1, 1);
        assertThat(ring.wide()).isFalse();
        assertThat(values(ring, 2)).containsExactly(6, 1, 1, 1);
        assertThat(values(ring, 3)).containsExactly(7, 1, 1, 1);
    }

    @Test
    void u64CountersPastLongMaxAreUnsigned() {
        Ring ring = new Ring(4);
        point(ring, 0, 0, -10L, Long.MAX_VALUE, 0, 0);
        point(ring, 1, 0, -1L, Long.MIN_VALUE + 5, 0, 0);
        assertThat(ring.wide()).isFalse();
        assertThat(values(ring, 0)).containsExactly(-10L, Long.MAX_VALUE, 0, 0);
        assertThat(values(ring, 1)).containsExactly(-1L, Long.MIN_VALUE + 5, 0, 0);
    }
}
