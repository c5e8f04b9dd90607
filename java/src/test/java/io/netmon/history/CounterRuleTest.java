package io.netmon.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CounterRuleTest {
    private static final long TWO_32 = 4294967296L;

    @Test
    void aCounterNearTheTopOf32BitsThatComesRoundSmallIsAWrap() {
        assertThat(CounterRule.isWrap32(TWO_32 - 1000, 704)).isTrue();
        assertThat(CounterRule.isWrap32(TWO_32 - 1, 0)).isTrue();
        // the largest delta a wrap may imply is 2^31 - 1
        assertThat(CounterRule.isWrap32(TWO_32 - 10, (1L << 31) - 11)).isTrue();
        assertThat(CounterRule.isWrap32(TWO_32 - 10, (1L << 31) - 10)).isFalse();
    }

    @Test
    void aCounterThatFallsFromLowOrFrom64BitValuesIsAReset() {
        assertThat(CounterRule.isReset(1_000_000_000L, 5)).isTrue();
        assertThat(CounterRule.isReset(10, 2)).isTrue();
        assertThat(CounterRule.isReset(TWO_32 + 5, 3)).isTrue();
        assertThat(CounterRule.isReset(-1L, 0)).as("2^64-1 to 0").isTrue();
    }

    @Test
    void increasesAndEqualValuesAreNeither() {
        assertThat(CounterRule.isReset(5, 5)).isFalse();
        assertThat(CounterRule.isWrap32(5, 5)).isFalse();
        assertThat(CounterRule.isReset(5, 6)).isFalse();
        assertThat(CounterRule.isReset(Long.MAX_VALUE, Long.MIN_VALUE)).as("2^63-1 to 2^63 is an increase").isFalse();
        assertThat(CounterRule.isWrap32(TWO_32 - 1, TWO_32)).isFalse();
    }
}
