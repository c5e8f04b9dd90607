package io.netmon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds proc roots from the captured files in java/src/test/resources/fixtures. */
public final class Fixtures {
    public static final Path DIR = Path.of("java/src/test/resources/fixtures");
    public static final Path LAB_NODE_DEV = DIR.resolve("proc-net-dev-lab-node.txt");

    private Fixtures() {
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
