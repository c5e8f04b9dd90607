package io.netmon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds proc roots from the captured files in java/src/test/resources/fixtures. */
public final class Fixtures {
    public static final Path DIR = Path.of("java/src/test/resources/fixtures");
    public static final Path LAB_NODE_DEV = DIR.resolve("proc-net-dev-lab-node.txt");

    /** The two header lines of /proc/net/dev, as the kernel prints them. */
    public static final String DEV_HEADER = "Inter-|   Receive                                                |  Transmit\n"
            + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";

    private Fixtures() {
    }

    /** A /proc/net/dev row: {@code name} received {@code rxBytes} in one packet and sent 3 bytes in one; the rest 0. */
    public static String devRow(String name, long rxBytes) {
        return name + ": " + rxBytes + " 1 0 0 0 0 0 0 3 1 0 0 0 0 0 0\n";
    }

    /** The lab node's /proc/net/dev with {@code rows} after its own. */
    public static String labNodeDevWith(String... rows) throws IOException {
        return Files.readString(LAB_NODE_DEV) + String.join("", rows);
    }

    /** {@code root/net/{dev,snmp,snmp6}} of the lab node, without the module. */
    public static Path labNode(Path root) throws IOException {
        Path net = Files.createDirectories(root.resolve("net"));
        Files.copy(LAB_NODE_DEV, net.resolve("dev"));
        Files.copy(DIR.resolve("proc-net-snmp-lab-node.txt"), net.resolve("snmp"));
        Files.copy(DIR.resolve("proc-net-snmp6-lab-node.txt"), net.resolve("snmp6"));
        return root;
    }
}
