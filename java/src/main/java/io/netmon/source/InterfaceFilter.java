package io.netmon.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Keeps the interfaces whose whole name matches {@code include} (when given) and does not match
 * {@code exclude} (when given): {@code --interface-exclude 'veth.*|cali.*'}. Applied by the sampler
 * to every sample before it is published, so /network, /metrics, history and streams see the same
 * interfaces. Per-interface protocol rows follow their interface; namespace-wide rows stay. Pods'
 * interfaces are their own namespaces' and are not filtered.
 */
public final class InterfaceFilter implements UnaryOperator<Snapshot> {
    public static final InterfaceFilter NONE = new InterfaceFilter(null, null);

    private final Pattern include;
    private final Pattern exclude;

    private InterfaceFilter(Pattern include, Pattern exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    /**
     * Compiles the two expressions (null or empty: not given).
     *
     * @throws java.util.regex.PatternSyntaxException when one is not a regular expression
     */
    public static InterfaceFilter of(String include, String exclude) {
        return new InterfaceFilter(compile(include), compile(exclude));
    }

    private static Pattern compile(String regex) {
        return regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
    }

    public Optional<Pattern> include() {
        return Optional.ofNullable(include);
    }

    public Optional<Pattern> exclude() {
        return Optional.ofNullable(exclude);
    }

    public boolean keeps(String name) {
        return (include == null || include.matcher(name).matches())
                && (exclude == null || !exclude.matcher(name).matches());
    }

    /** The snapshot without the interfaces this filter drops; the same object when it drops none. */
    @Override
    public Snapshot apply(Snapshot snapshot) {
        if (include == null && exclude == null) {
            return snapshot;
        }
        List<InterfaceStats> interfaces = new ArrayList<>(snapshot.interfaces().size());
        for (InterfaceStats stats : snapshot.interfaces()) {
            if (keeps(stats.name())) {
                interfaces.add(stats);
            }
        }
        List<ProtocolStats> protocols = new ArrayList<>(snapshot.protocols().size());
        for (ProtocolStats row : snapshot.protocols()) {
            if (row.namespaceWide() || keeps(row.ifname())) {
                protocols.add(row);
            }
        }
        if (interfaces.size() == snapshot.interfaces().size() && protocols.size() == snapshot.protocols().size()) {
            return snapshot;
        }
        return Snapshot.of(snapshot.sequence(), snapshot.timestamp(), snapshot.monotonicNanos(), snapshot.source(),
                interfaces, protocols, snapshot.module()).withPods(snapshot.pods());
    }

    @Override
    public String toString() {
        return "include " + (include == null ? "all" : include.pattern())
                + ", exclude " + (exclude == null ? "none" : exclude.pattern());
    }
}
