package io.netmon.cli;

import io.netmon.source.PodConfig;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Where a command finds the node's pods, and which namespaces it reads: shared by serve, show and top. */
final class PodOptions {
    @Option(names = "--cgroup-root", paramLabel = "DIR",
            defaultValue = "${env:NETMON_CGROUP_ROOT:-" + PodConfig.DEFAULT_CGROUP_ROOT_NAME + "}",
            description = "The node's cgroup2 hierarchy, holding the kubelet's kubepods cgroups, or the directory "
                    + "that holds kubepods (env NETMON_CGROUP_ROOT; default ${DEFAULT-VALUE}). In a container: the "
                    + "host's, mounted read-only.")
    Path cgroupRoot;

    @Option(names = "--pod-log-root", paramLabel = "DIR",
            defaultValue = "${env:NETMON_POD_LOG_ROOT:-" + PodConfig.DEFAULT_LOG_ROOT_NAME + "}",
            description = "The kubelet's pod log directories, <namespace>_<name>_<uid>, where pods' names come "
                    + "from (env NETMON_POD_LOG_ROOT; default ${DEFAULT-VALUE}).")
    Path logRoot;

    @Option(names = "--pod-namespace-include", paramLabel = "REGEX",
            description = "Only pods whose whole namespace matches (Java regex), e.g. 'prod-.*'. Default: all.")
    String include;

    @Option(names = "--pod-namespace-exclude", paramLabel = "REGEX",
            description = "Leave out pods whose whole namespace matches, e.g. 'kube-system'. Default: none.")
    String exclude;

    /** Pods from these roots, or none when {@code enabled} is false; a usage error for a regex that does not compile. */
    PodConfig config(CommandSpec spec, boolean enabled) {
        InterfaceOptions.check(spec, "--pod-namespace-include", include);
        InterfaceOptions.check(spec, "--pod-namespace-exclude", exclude);
        return enabled ? PodConfig.of(cgroupRoot, logRoot, include, exclude) : PodConfig.OFF;
    }
}
