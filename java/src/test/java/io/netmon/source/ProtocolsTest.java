package io.netmon.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProtocolsTest {
    @Test
    void namesAndIanaNumbersGoBothWays() {
        int[] numbers = {1, 2, 4, 6, 17, 41, 47, 50, 51, 58, 89, 103, 112, 115, 132, 136, 137, 143};
        String[] names = {"icmp", "igmp", "ipip", "tcp", "udp", "ipv6-encap", "gre", "esp", "ah", "icmpv6", "ospf",
            "pim", "vrrp", "l2tp", "sctp", "udplite", "mpls-in-ip", "ethernet"};
        for (int i = 0; i < numbers.length; i++) {
            assertThat(Protocols.name(numbers[i])).isEqualTo(names[i]);
            assertThat(Protocols.parse(names[i])).hasValue(numbers[i]);
            assertThat(Protocols.parse(Integer.toString(numbers[i]))).hasValue(numbers[i]);
        }
    }

    @Test
    void unknownOtherUnnamedNumbersAndCase() {
        assertThat(Protocols.name(ProtocolStats.UNKNOWN)).isEqualTo("unknown");
        assertThat(Protocols.name(ProtocolStats.OTHER)).isEqualTo("other");
        assertThat(Protocols.parse("unknown")).hasValue(ProtocolStats.UNKNOWN);
        assertThat(Protocols.parse("other")).hasValue(ProtocolStats.OTHER);
        assertThat(Protocols.name(253)).isEqualTo("253");
        assertThat(Protocols.parse("253")).hasValue(253);
        assertThat(Protocols.parse("TCP")).hasValue(6);
        assertThat(Protocols.parse("0")).hasValue(0);
        for (String bad : List.of("256", "-1", "tcpp", "", "6x", "0006")) {
            assertThat(Protocols.parse(bad)).as(bad).isEqualTo(OptionalInt.empty());
        }
    }

    @Test
    void filterParsesNamesNumbersAndFamiliesAndSaysWhatIsWrong() {
        ProtocolFilter filter = ProtocolFilter.parse(List.of("tcp", "17"), List.of("ipv6"));
        assertThat(filter.protocols()).isEqualTo(Set.of(6, 17));
        assertThat(filter.families()).isEqualTo(Set.of(Family.IPV6));
        assertThat(filter.matches(Family.IPV6, 17)).isTrue();
        assertThat(filter.matches(Family.IPV4, 17)).isFalse();
        assertThat(filter.matches(Family.IPV6, 1)).isFalse();
        assertThat(ProtocolFilter.ALL.matches(Family.IP, ProtocolStats.OTHER)).isTrue();
        assertThatThrownBy(() -> ProtocolFilter.parse(List.of("tcpp"), List.of()))
                .hasMessageStartingWith("unknown protocol 'tcpp': give a number 0..255 or one of ah, esp, ethernet, gre");
        assertThatThrownBy(() -> ProtocolFilter.parse(List.of(), List.of("ipv5")))
                .hasMessage("unknown family 'ipv5': give ipv4, ipv6 or ip");
    }
}
