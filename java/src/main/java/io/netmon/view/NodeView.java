package io.netmon.view;

import io.netmon.history.RateSample;
import io.netmon.source.InterfaceStats;
import io.netmon.source.PodStats;
import io.netmon.source.ProtocolFilter;
import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import io.netmon.source.Source;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The node as one {@link Sampler.State} shows it: the latest snapshot and, when the read after it
 * failed, why. Both come from the same state, so an answer never mixes two samples: read the state
 * once per question ({@code NodeView.of(sampler.state())}) and pass the view down. Answers the
 * questions every endpoint and command asks of it: which interfaces (an unknown one is
 * {@link ViewException.Kind#NOT_FOUND}), which protocol rows, and what notes qualify them.
 * Immutable; any thread.
 */
public final class NodeView {
    static final String FAILURE_NOTE = "the latest read failed, figures are from the sample before it: ";
    static final String PODS_OFF_NOTE = "pods are not looked for (netmon serve --pods off)";
    /** What {@link ProtocolRows#PROCFS_NOTE} says of a pod's rows. */
    static final String PODS_PROCFS_NOTE = "netmon.ko is not loaded: each pod's protocol figures are packet counts "
            + "of its own network namespace from /proc/<pid>/net/snmp and snmp6 (tcp is ipv4 and ipv6 together, "
            + "family \"ip\"); bytes are null; interfaces count bytes";

    private final Snapshot snapshot;
    private final String failure;
    private final String moduleNote;

    private NodeView(Snapshot snapshot, String failure) {
        this(snapshot, failure, null);
    }

    private NodeView(Snapshot snapshot, String failure, String moduleNote) {
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.failure = failure;
        this.moduleNote = moduleNote;
    }

    /**
     * The same view, with why netmon.ko is not loaded (the module loader's outcome, {@code serve
     * --loader-status}) among its notes while the source is not the module.
     */
    public NodeView withModuleNote(Optional<String> note) {
        return note.isEmpty() || snapshot.source() == Source.KMOD ? this : new NodeView(snapshot, failure, note.get());
    }

    /** The view of {@code state}, or {@link NotReady} when it has no snapshot yet. */
    public static NodeView of(Sampler.State state) throws NotReady {
        Optional<NotReady> notReady = NotReady.check(state);
        if (notReady.isPresent()) {
            throw notReady.get();
        }
        return new NodeView(state.snapshot(), state.error());
    }

    /** The view of the state a rate sample was taken at (it always has a snapshot). */
    public static NodeView of(RateSample sample) {
        return new NodeView(sample.snapshot(), sample.state().error());
    }

    /** A snapshot with nothing failed after it: one read ({@code netmon show}). */
    public static NodeView of(Snapshot snapshot) {
        return new NodeView(snapshot, null);
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** Why the read after the snapshot failed, when it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Every interface. */
    public Scope all() {
        return new Scope(List.of(), snapshot.interfaces());
    }

    /** The named interfaces, or every interface when {@code names} is empty; any unknown name is NOT_FOUND. */
    public Scope scope(List<String> names) throws ViewException {
        if (names.isEmpty()) {
            return all();
        }
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (snapshot.find(name).isEmpty()) {
                missing.add("'" + name + "'");
            }
        }
        if (!missing.isEmpty()) {
            throw ViewException.notFound("no interface named " + String.join(", ", missing));
        }
        Set<String> wanted = Set.copyOf(names);
        return new Scope(names, snapshot.interfaces().stream().filter(s -> wanted.contains(s.name())).toList());
    }

    /** One interface, or NOT_FOUND. */
    public InterfaceStats iface(String name) throws ViewException {
        return snapshot.find(name).orElseThrow(() -> ViewException.notFound("no interface named '" + name + "'"));
    }

    /** The protocol rows of {@code scope} that {@code filter} keeps ({@link ProtocolRows}). */
    public ProtocolRows protocols(Scope scope, ProtocolFilter filter) {
        return ProtocolRows.select(snapshot, scope, filter);
    }

    /** The notes of an answer with {@code rows}: theirs, then the module's absence, then the failed read's, if any. */
    public List<String> notes(ProtocolRows rows) {
        List<String> notes = new ArrayList<>(rows.notes());
        if (moduleNote != null) {
            notes.add(moduleNote);
        }
        if (failure != null) {
            notes.add(FAILURE_NOTE + failure);
        }
        return notes;
    }

    /**
     * The node's pods, sorted by namespace, name and UID: all of them, or those in {@code namespaces}
     * (when any is given) named {@code names} (when any is given). A namespace no pod is in, or a name no
     * pod of those namespaces has, is NOT_FOUND.
     */
    public List<PodStats> pods(List<String> namespaces, List<String> names) throws ViewException {
        List<PodStats> all = snapshot.pods().list();
        List<String> missing = new ArrayList<>();
        for (String namespace : namespaces) {
            if (all.stream().noneMatch(pod -> namespace.equals(pod.namespace()))) {
                missing.add("no pod in namespace '" + namespace + "'");
            }
        }
        List<PodStats> inNamespaces = namespaces.isEmpty() ? all
                : all.stream().filter(pod -> namespaces.contains(pod.namespace())).toList();
        for (String name : names) {
            if (inNamespaces.stream().noneMatch(pod -> name.equals(pod.name()))) {
                missing.add("no pod named '" + name + "'" + (namespaces.isEmpty() ? "" : " in namespace "
                        + String.join(", ", namespaces.stream().map(n -> "'" + n + "'").toList())));
            }
        }
        if (!missing.isEmpty()) {
            throw ViewException.notFound(String.join("; ", missing));
        }
        return names.isEmpty() ? inNamespaces : inNamespaces.stream().filter(pod -> names.contains(pod.name())).toList();
    }

    /** The pod {@code name} of {@code namespace}, or NOT_FOUND. */
    public PodStats pod(String namespace, String name) throws ViewException {
        return snapshot.pods().list().stream()
                .filter(pod -> namespace.equals(pod.namespace()) && name.equals(pod.name()))
                .findFirst()
                .orElseThrow(() -> ViewException.notFound("no pod named '" + name + "' in namespace '" + namespace + "'"));
    }

    /**
     * The network namespace of {@code pod} as a view of its own, with this view's failure: every question
     * above (interfaces, protocol rows and their notes) asked of the pod.
     */
    public NodeView of(PodStats pod) {
        return new NodeView(pod.netns(), failure);
    }

    /**
     * The namespace-wide protocol rows of {@code pod}'s own namespace that {@code filter} keeps, as
     * {@link #protocols} gives the node's; none for a pod on the host's network, whose counters are the node's.
     */
    public ProtocolRows podProtocols(PodStats pod, ProtocolFilter filter) {
        if (pod.hostNetwork()) {
            return new ProtocolRows(List.of(), List.of());
        }
        NodeView netns = of(pod);
        return netns.protocols(netns.all(), filter);
    }

    /**
     * The notes of an answer about pods whose protocol rows ({@link #podProtocols}) are {@code rows}, with the
     * node's for the same {@code filter} (they say what the source counts): each once, then the pods' own (what
     * could not be read), then the failed read's.
     */
    public List<String> podNotes(ProtocolFilter filter, List<ProtocolRows> rows) {
        Set<String> notes = new LinkedHashSet<>();
        for (ProtocolRows some : concat(protocols(all(), filter), rows)) {
            for (String note : some.notes()) {
                notes.add(note.equals(ProtocolRows.PROCFS_NOTE) ? PODS_PROCFS_NOTE : note);
            }
        }
        if (!snapshot.pods().watched()) {
            notes.add(PODS_OFF_NOTE);
        }
        notes.addAll(snapshot.pods().notes());
        if (failure != null) {
            notes.add(FAILURE_NOTE + failure);
        }
        return List.copyOf(notes);
    }

    private static List<ProtocolRows> concat(ProtocolRows first, List<ProtocolRows> rest) {
        List<ProtocolRows> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
