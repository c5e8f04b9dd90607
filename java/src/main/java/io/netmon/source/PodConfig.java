package io.netmon.source;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the node's pods are found and which of them are read (docs/ARCHITECTURE.md, "Pods"): the
 * kubelet's pod cgroups under {@code cgroupRoot}, their names from the kubelet's pod log directories
 * under {@code logRoot}, and the namespaces kept. The pods' counters are read through the proc root
 * the node is read from ({@link ProcPaths#root()}). {@link #OFF} looks for no pod at all.
 *
 * @param namespaceInclude when given, only pods whose namespace matches it as a whole are read
 * @param namespaceExclude when given, pods whose namespace matches it as a whole are not read
 */
public record PodConfig(boolean enabled, Path cgroupRoot, Path logRoot, Pattern namespaceInclude,
        Pattern namespaceExclude) {
    public static final String DEFAULT_CGROUP_ROOT_NAME = "/sys/fs/cgroup";
    public static final String DEFAULT_LOG_ROOT_NAME = "/var/log/pods";
    /** No pod is looked for: every snapshot's pods are {@link Pods#OFF}. */
    public static final PodConfig OFF = new PodConfig(false, Path.of(DEFAULT_CGROUP_ROOT_NAME),
            Path.of(DEFAULT_LOG_ROOT_NAME), null, null);

    public PodConfig {
        Objects.requireNonNull(cgroupRoot, "cgroupRoot");
        Objects.requireNonNull(logRoot, "logRoot");
    }

    /**
     * Pods read from these roots; {@code include} and {@code exclude} are Java regular expressions
     * (null or empty: not given).
     *
     * @throws java.util.regex.PatternSyntaxException when one is not a regular expression
     */
    public static PodConfig of(Path cgroupRoot, Path logRoot, String include, String exclude) {
        return new PodConfig(true, cgroupRoot, logRoot, compile(include), compile(exclude));
    }

    private static Pattern compile(String regex) {
        return regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
    }

    public Optional<Pattern> include() {
        return Optional.ofNullable(namespaceInclude);
    }

    public Optional<Pattern> exclude() {
        return Optional.ofNullable(namespaceExclude);
    }

    /**
     * Whether pods of {@code namespace} are read; a pod whose name is not known (no log directory) is
     * matched as the empty namespace: an include leaves it out, an exclude keeps it.
     */
    public boolean keepsNamespace(String namespace) {
        String name = namespace == null ? "" : namespace;
        return (namespaceInclude == null || namespaceInclude.matcher(name).matches())
                && (namespaceExclude == null || !namespaceExclude.matcher(name).matches());
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "off";
        }
        return "cgroups under " + cgroupRoot + ", names from " + logRoot + ", namespaces: include "
                + (namespaceInclude == null ? "all" : namespaceInclude.pattern())
                + ", exclude " + (namespaceExclude == null ? "none" : namespaceExclude.pattern());
    }
}
