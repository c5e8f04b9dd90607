package io.netmon.view;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netmon.source.InterfaceStats;
import io.netmon.source.PodStats;
import io.netmon.source.ProtocolFilter;
import io.netmon.source.ProtocolStats;
import java.io.IOException;
import java.util.List;

/**
 * The JSON of {@code /network/pods} and {@code /network/pods/{namespace}/{pod}} (docs/API.md): each pod's
 * own network namespace, written from a {@link NodeView} of it ({@link NodeView#of(PodStats)}) with the
 * same selection of protocol rows and the same writers as {@code /network}.
 */
public final class PodsJson {
    private PodsJson() {
    }

    /**
     * {@code {"source", "timestamp", "module", "pods": [...], "notes": [...]}}: {@code pods} as
     * {@link NodeView#pods} chose them, each with the namespace-wide protocol rows {@code filter} keeps.
     */
    public static void writePods(JsonGenerator json, NodeView node, List<PodStats> pods, ProtocolFilter filter)
            throws IOException {
        List<ProtocolRows> rows = rows(node, pods, filter);
        json.writeStartObject();
        NetworkJson.writeHeader(json, node.snapshot());
        json.writeArrayFieldStart("pods");
        for (int i = 0; i < pods.size(); i++) {
            json.writeStartObject();
            writePodFields(json, node, pods.get(i), rows.get(i));
            json.writeEndObject();
        }
        json.writeEndArray();
        NetworkJson.writeNotes(json, node.podNotes(filter, rows));
        json.writeEndObject();
    }

    /** One pod: the header, the pod's fields as in {@code /network/pods}, and the notes of its rows. */
    public static void writePod(JsonGenerator json, NodeView node, PodStats pod, ProtocolFilter filter)
            throws IOException {
        List<ProtocolRows> rows = rows(node, List.of(pod), filter);
        json.writeStartObject();
        NetworkJson.writeHeader(json, node.snapshot());
        writePodFields(json, node, pod, rows.get(0));
        NetworkJson.writeNotes(json, node.podNotes(filter, rows));
        json.writeEndObject();
    }

    private static List<ProtocolRows> rows(NodeView node, List<PodStats> pods, ProtocolFilter filter) {
        return pods.stream().map(pod -> node.podProtocols(pod, filter)).toList();
    }

    /**
     * {@code "namespace", "pod", "uid", "host_network", "interfaces": [...], "protocols": [...]}; namespace and
     * pod are null when the kubelet's log directory for the pod was not found.
     */
    private static void writePodFields(JsonGenerator json, NodeView node, PodStats pod, ProtocolRows rows)
            throws IOException {
        json.writeStringField("namespace", pod.namespace());
        json.writeStringField("pod", pod.name());
        json.writeStringField("uid", pod.uid());
        json.writeBooleanField("host_network", pod.hostNetwork());
        json.writeArrayFieldStart("interfaces");
        for (InterfaceStats stats : pod.netns().interfaces()) {
            NetworkJson.writeInterface(json, stats);
        }
        json.writeEndArray();
        boolean bytes = node.snapshot().source().hasBytes();
        json.writeArrayFieldStart("protocols");
        for (ProtocolStats row : rows.rows()) {
            json.writeStartObject();
            json.writeStringField("family", row.family().label());
            NetworkJson.writeCounts(json, row.protocol(), row.counts(), bytes);
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
