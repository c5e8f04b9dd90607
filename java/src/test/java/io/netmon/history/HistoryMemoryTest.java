package io.netmon.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmon.source.Collector;
import io.netmon.source.Counter;
import io.netmon.source.NativeLibrary;
import io.netmon.source.ProcPaths;
import io.netmon.source.Sampler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history of 1000 interfaces at the default retention, measured two ways: the store's own
 * accounting of its primitive arrays, and the bytes the JVM says this thread allocated while the
 * history took its samples in (ThreadMXBean). Samples come from a generated /proc root through the
 * real reader; the test advances every counter between samples.
 *
 * <p>{@code -Dnetmon.memory.samples=3700} fills both rings (300 s + 3600 s at 1 s); the default
 * keeps the suite fast: the rings are allocated in full when a series appears, and the test proves
 * that later samples allocate nothing that stays. In 25 samples no counter spans 4 GiB, so every
 * ring is narrow (32 bits a value); in 3700 the busiest veths' coarse rings turn wide, and the
 * arrays stay within what the budget counts, every ring wide.
 */
class HistoryMemoryTest {
    static final int INTERFACES = 1000;
    static final long LIMIT = 24L * 1000 * 1000;
    private static final String HEADER = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            """;

    /** /proc/net/dev with {@code INTERFACES} veths whose counters grow with {@code round}. */
    static String procNetDev(int round) {
        StringBuilder out = new StringBuilder(HEADER.length() + INTERFACES * 120).append(HEADER);
        for (int i = 0; i < INTERFACES; i++) {
            long packets = (long) round * (i + 1);
            String hex = Integer.toHexString(i);
            out.append("veth").append("0".repeat(7 - hex.length())).append(hex).append(": ")
                    .append(packets * 1500).append(' ').append(packets).append(" 0 0 0 0 0 0 ")
                    .append(packets * 100).append(' ').append(packets).append(" 0 0 0 0 0 0\n");
        }
        return out.toString();
    }

    private static long allocatedByThisThread() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void thousandInterfacesAtTheDefaultsStayUnder24MB(@TempDir Path root) throws IOException {
        int samples = Integer.getInteger("netmon.memory.samples", 25);
        Files.createDirectories(root.resolve("net"));
        Path dev = root.resolve("net/dev");
        Files.writeString(dev, procNetDev(0));
        History history = new History(HistoryConfig.defaults(Duration.ofSeconds(1)));
        long[] allocated = new long[samples];
        long probe = allocatedByThisThread();
        long overhead = allocatedByThisThread() - probe; // what reading the counter itself allocates
        try (Sampler sampler = new Sampler(new Collector(ProcPaths.of(root), NativeLibrary.load(), Clock.systemUTC()),
                Duration.ofSeconds(1))) {
            for (int round = 0; round < samples; round++) {
                Files.writeString(dev, procNetDev(round));
                sampler.sampleOnce();
                var state = sampler.state(); // what the sampler hands its listeners
                assertThat(state.latest()).isPresent();
                long before = allocatedByThisThread();
                history.accept(state);
                allocated[round] = allocatedByThisThread() - before - overhead;
            }
        }
        long arrays = history.arrayBytes();
        long later = 0;
        for (int round = 1; round < samples; round++) {
            later += allocated[round];
        }
        double perLaterSample = (double) later / (samples - 1);
        long[] sorted = java.util.Arrays.copyOfRange(allocated, 1, samples);
        java.util.Arrays.sort(sorted);
        long median = sorted[sorted.length / 2];
        System.out.printf("history memory, %d interfaces, %d samples at the defaults (%d + %d points):%n"
                        + "  ring arrays (store's accounting): %d bytes (%.2f MB)%n"
                        + "  budget's accounting (arrays, state, objects): %d bytes (%.2f MB)%n"
                        + "  allocated by the first sample (ThreadMXBean): %d bytes (%.2f MB)%n"
                        + "  allocated per later sample (ThreadMXBean): mean %.1f bytes, median %d bytes%n",
                INTERFACES, samples, history.config().fullPoints(), history.config().coarsePoints(),
                arrays, arrays / 1e6, history.accountedBytes(), history.accountedBytes() / 1e6, allocated[0], allocated[0] / 1e6,
                perLaterSample, median);

        assertThat(history.seriesCount()).isEqualTo(INTERFACES);
        long times = 2 * (16 + 8 * 300) + 2 * (16 + 8 * 360);
        if (samples <= 25) {
            assertThat(arrays).as("every ring narrow").isEqualTo(INTERFACES * HistoryTest.NARROW_SERIES_BYTES + times);
        }
        assertThat(arrays).isLessThanOrEqualTo(INTERFACES * history.config().bytesPerSeries() + times);
        assertThat(arrays).isLessThan(LIMIT);
        // the budget's accounting: arrays counted wide, state arrays, the rings' and the series' objects; 1000 interfaces fit untrimmed
        assertThat(history.level()).isZero();
        assertThat(history.accountedBytes()).isEqualTo(21_802_624L).isLessThanOrEqualTo(HistoryConfig.DEFAULT_BUDGET);
        assertThat(allocated[0]).as("everything the first sample made, garbage included, is within the accounting")
                .isLessThanOrEqualTo(history.accountedBytes());
        // everything the store keeps, maps and objects included, is allocated with the series
        assertThat(allocated[0]).isLessThan(LIMIT).isGreaterThanOrEqualTo(INTERFACES * HistoryTest.NARROW_SERIES_BYTES);
        // and a sample after that allocates nothing per interface
        assertThat(perLaterSample).isLessThan(INTERFACES);
        assertThat(median).isZero();
        var last = history.query(Duration.ofSeconds(2), java.util.List.of("veth00003e7"), io.netmon.source.ProtocolFilter.ALL);
        assertThat(last.interfaces().get(0).rate(Counter.PACKETS_RECEIVED, 1)).isGreaterThan(0);
    }
}
