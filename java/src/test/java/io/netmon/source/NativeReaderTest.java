package io.netmon.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NativeReaderTest {
    static final Path LAB_NODE = io.netmon.Fixtures.LAB_NODE_DEV;

    private static NativeReader reader;

    @BeforeAll
    static void loadLibrary() {
        NativeLibrary library = NativeLibrary.load();
        assertThat(library.problem()).isEmpty();
        reader = library.newReader(Collector.DEFAULT_MAX_INTERFACES);
    }

    static Stream<Path> devFixtures() throws IOException {
        List<Path> files = files(Path.of(System.getProperty("netmon.fixtures", "native/tests/data")), "proc-net-dev");
        files.add(LAB_NODE);
        assertThat(files).hasSizeGreaterThan(5);
        return files.stream();
    }

    /**
     * Every input the /proc/net/dev fuzzer keeps (native/fuzz/corpus/dev), or with
     * {@code -Dnetmon.devCorpus=DIR[:DIR...]} what a long run found and sampled ({@code make fuzz}).
     */
    static Stream<Path> devFuzzCorpus() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : System.getProperty("netmon.devCorpus", "native/fuzz/corpus/dev").split(File.pathSeparator)) {
            files.addAll(files(Path.of(dir), ""));
        }
        assertThat(files).hasSizeGreaterThan(20);
        return files.stream();
    }

    private static List<Path> files(Path dir, String prefix) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().forEach(files::add);
        }
        return files;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"devFixtures", "devFuzzCorpus"})
    void nativeReaderAgreesWithTheJavaOracleOnEveryCapturedFileAndFuzzInput(Path fixture) throws IOException {
        List<InterfaceStats> expected;
        try {
            expected = ProcNetDevOracle.parse(fixture);
        } catch (IllegalArgumentException malformed) {
            assertThatThrownBy(() -> reader.readDev(fixture))
                    .as("oracle rejects %s (%s), native must too", fixture, malformed.getMessage())
                    .isInstanceOf(ProcReadException.class);
            return;
        }
        assertEquals(expected, reader.readDev(fixture), fixture.toString());
    }

    @Test
    void theStructuresMirrorNetmonHFieldForField() {
        LibNetmon.Dev dev = new LibNetmon.Dev();
        // char name[16], then the 16 uint64_t counters in the kernel's order, which is DevField's
        assertThat(dev.size()).isEqualTo(16 + 16 * 8);
        assertThat(dev.offsetOf("name")).isZero();
        for (DevField field : DevField.values()) {
            assertThat(dev.offsetOf(field.cName())).as(field.cName()).isEqualTo(16 + 8 * field.ordinal());
        }
        // int32_t ifindex, char ifname[16], uint8_t family, uint8_t pad, int16_t proto, then the counters
        // as /proc/net/netmon prints them: rx_packets, rx_bytes, tx_packets, tx_bytes
        LibNetmon.ProtoRow row = new LibNetmon.ProtoRow();
        assertThat(row.size()).isEqualTo(24 + 4 * 8);
        assertThat(List.of(Counter.PACKETS_RECEIVED, Counter.BYTES_RECEIVED, Counter.PACKETS_SENT, Counter.BYTES_SENT))
                .extracting(counter -> row.offsetOf(counter.field().cName())).containsExactly(24, 32, 40, 48);
        assertThat(new LibNetmon.ReadInfo().size()).isEqualTo(16);
        assertThat(new LibNetmon.KmodHeader().offsetOf("module_version")).isEqualTo(4);
    }

    @Test
    void readsGluedColonFullU64RangeAndDottedNames() throws IOException {
        List<InterfaceStats> rows = reader.readDev(LAB_NODE);
        assertThat(rows).extracting(InterfaceStats::name).containsExactly("lo", "eth0", "veth1a2b3c4", "eth0.100");
        assertThat(rows.get(0).rxBytes()).isEqualTo(143205148L);
        assertThat(rows.get(0).rxPackets()).isEqualTo(812345L);
        InterfaceStats eth0 = rows.get(1);
        assertThat(new long[] {eth0.rxErrors(), eth0.rxDrops(), eth0.rxFifo(), eth0.rxFrame(), eth0.rxCompressed(),
            eth0.rxMulticast(), eth0.txErrors(), eth0.txDrops(), eth0.txFifo(), eth0.txCollisions(), eth0.txCarrier(),
            eth0.txCompressed()}).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(Long.toUnsignedString(rows.get(2).rxBytes())).isEqualTo("18446744073709551615");
        assertThat(Long.toUnsignedString(rows.get(2).rxPackets())).isEqualTo("9223372036854775808");
    }

    @Test
    void growsItsBufferForThousandsOfInterfaces(@TempDir Path dir) throws IOException {
        StringBuilder text = new StringBuilder("Inter-|   Receive |  Transmit\n face |bytes packets|bytes packets\n");
        for (int i = 0; i < 5000; i++) {
            text.append(String.format("veth%05d: %d %d 0 0 0 0 0 0 %d %d 0 0 0 0 0 0%n", i, i * 100L, i, i * 60L, i));
        }
        Path file = dir.resolve("dev");
        Files.writeString(file, text);
        List<InterfaceStats> rows = reader.readDev(file);
        assertThat(rows).hasSize(5000);
        assertThat(rows.get(4999).name()).isEqualTo("veth04999");
        assertThat(rows.get(4999).rxBytes()).isEqualTo(499900L);
        assertThat(rows.get(4999).txBytes()).isEqualTo(299940L);
    }

    @Test
    void malformedLineIsAnErrorThatSaysWhere(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dev");
        Files.writeString(file, "Inter-|   Receive |  Transmit\n face |bytes packets|bytes packets\n  lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n eth0: 1 2 x 4 5 6 7 8 9 10 11 12 13 14 15 16\n");
        assertThatThrownBy(() -> reader.readDev(file))
                .isInstanceOf(ProcReadException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 4");
    }

    @Test
    void missingFileIsENOENT(@TempDir Path dir) {
        assertThatThrownBy(() -> reader.readDev(dir.resolve("absent")))
                .isInstanceOfSatisfying(ProcReadException.class, e -> assertThat(e.errno()).isEqualTo(2));
    }

    private static Path nativeFixture(String name) {
        return Path.of(System.getProperty("netmon.fixtures", "native/tests/data")).resolve(name);
    }

    @Test
    void readsTheModulesTableWithItsVersions() throws IOException {
        NativeReader.KmodTable table = reader.readKmod(nativeFixture("proc-net-netmon-v1-crafted.txt"));
        assertThat(table.module()).isEqualTo(new Snapshot.ModuleInfo(1, "0.1.0"));
        assertThat(table.rows()).containsExactly(
                new ProtocolStats("all", Family.IPV4, 1, new Counts(6216, 74, 6216, 74)),
                new ProtocolStats("all", Family.IPV4, 17, new Counts(1280, 10, 1280, 10)),
                new ProtocolStats("all", Family.IPV6, 58, new Counts(416, 4, 416, 4)),
                new ProtocolStats("lo", Family.IPV4, 1, new Counts(6216, 74, 6216, 74)),
                new ProtocolStats("lo", Family.IPV4, 17, new Counts(1280, 10, 1280, 10)),
                new ProtocolStats("lo", Family.IPV6, 58, new Counts(416, 4, 416, 4)),
                new ProtocolStats("veth0", Family.IPV4, ProtocolStats.OTHER, new Counts(120, 2, 0, 0)),
                new ProtocolStats("veth0", Family.IPV6, ProtocolStats.UNKNOWN, new Counts(40, 1, 0, 0)));
    }

    @Test
    void readsFormat2WithTheNamespaceInode() throws IOException {
        NativeReader.KmodTable v2 = reader.readKmod(nativeFixture("proc-net-netmon-v2-crafted.txt"));
        assertThat(v2.module()).isEqualTo(new Snapshot.ModuleInfo(2, "0.2.0", 4026532281L));
        assertThat(v2.rows()).isEqualTo(reader.readKmod(nativeFixture("proc-net-netmon-v1-crafted.txt")).rows());
        NativeReader.KmodTable max = reader.readKmod(nativeFixture("proc-net-netmon-v2-crafted-inode-u64-max.txt"));
        assertThat(Long.toUnsignedString(max.module().netnsInode())).isEqualTo("18446744073709551615");
        assertThatThrownBy(() -> reader.readKmod(nativeFixture("proc-net-netmon-v2-crafted-missing-inode.txt")))
                .isInstanceOf(ProcReadException.class)
                .hasMessageContaining("at line 1, column 15");
    }

    @Test
    void refusesAModuleFormatItDoesNotKnowAndNamesIt() {
        assertThatThrownBy(() -> reader.readKmod(nativeFixture("proc-net-netmon-v3-crafted.txt")))
                .isInstanceOf(ProcReadException.class)
                .hasMessageEndingWith("format version 3 is not supported (this build reads versions 1 to 2): upgrade netmon");
    }

    @Test
    void readsSnmpAndSnmp6IntoGroupDotName() throws IOException {
        Map<String, Long> snmp = reader.readSnmp(io.netmon.Fixtures.DIR.resolve("proc-net-snmp-lab-node.txt"));
        assertThat(snmp).containsEntry("Udp.InDatagrams", 2258L).containsEntry("Tcp.OutSegs", 7657L)
                .containsEntry("Tcp.MaxConn", -1L).containsEntry("Icmp.InMsgs", 1L);
        Map<String, Long> snmp6 = reader.readSnmp(io.netmon.Fixtures.DIR.resolve("proc-net-snmp6-lab-node.txt"));
        assertThat(snmp6).containsEntry("Udp6.InDatagrams", 10L).containsEntry("Icmp6.OutMsgs", 9L);
        assertThat(SnmpProtocols.rows(snmp)).contains(new ProtocolStats("all", Family.IP, 6, new Counts(0, 11773, 0, 7657)));
    }

    @Test
    void readsWhatTheModulePrintedInRealGuests() throws IOException {
        for (String kernel : List.of("6.1", "6.12")) {
            NativeReader.KmodTable table = reader.readKmod(nativeFixture("proc-net-netmon-" + kernel + "-guest.txt"));
            assertThat(table.module()).as(kernel).isEqualTo(new Snapshot.ModuleInfo(1, "0.1.0"));
            assertThat(table.rows()).as(kernel).hasSize(11)
                    .contains(new ProtocolStats("all", Family.IPV4, 17, new Counts(640, 5, 640, 5)))
                    .contains(new ProtocolStats("lo", Family.IPV6, 17, new Counts(740, 5, 740, 5)))
                    .contains(new ProtocolStats("veth0", Family.IPV4, 1, new Counts(252, 3, 252, 3)));
        }
    }
}
