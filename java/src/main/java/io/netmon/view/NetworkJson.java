package io.netmon.view;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netmon.source.Counter;
import io.netmon.source.Counts;
import io.netmon.source.DevField;
import io.netmon.source.Family;
import io.netmon.source.InterfaceStats;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Protocols;
import io.netmon.source.Snapshot;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** The JSON documents of /network and below (docs/API.md), written with Jackson's streaming generator. */
public final class NetworkJson {
    /** The order of the counters in a protocol row or sum: the API's since version 1, not {@link Counts}' order. */
    private static final List<Counter> PROTOCOL_FIELDS = List.of(Counter.PACKETS_RECEIVED, Counter.BYTES_RECEIVED,
            Counter.PACKETS_SENT, Counter.BYTES_SENT);

    private NetworkJson() {
    }

    /**
     * {@code GET /network} and {@code netmon show --json}: {@code {"source", "timestamp", "module",
     * "interfaces": [...], "protocols": [...], "notes": [...]}} for a scope and its protocol rows.
     */
    public static void writeNetwork(JsonGenerator json, NodeView node, Scope scope, ProtocolRows protocols)
            throws IOException {
        json.writeStartObject();
        writeHeader(json, node.snapshot());
        json.writeArrayFieldStart("interfaces");
        for (InterfaceStats stats : scope.interfaces()) {
            writeInterface(json, stats);
        }
        json.writeEndArray();
        writeProtocolRows(json, node.snapshot(), protocols);
        writeNotes(json, node.notes(protocols));
        json.writeEndObject();
    }

    /** {@code GET /network/protocols}: the header, the protocol rows and the notes. */
    public static void writeProtocols(JsonGenerator json, NodeView node, ProtocolRows protocols) throws IOException {
        json.writeStartObject();
        writeHeader(json, node.snapshot());
        writeProtocolRows(json, node.snapshot(), protocols);
        writeNotes(json, node.notes(protocols));
        json.writeEndObject();
    }

    /** {@code GET /network/protocols/{name}}: one protocol summed, then per family; the notes of its rows. */
    public static void writeTotals(JsonGenerator json, NodeView node, ProtocolTotals totals, ProtocolRows rows)
            throws IOException {
        boolean bytes = node.snapshot().source().hasBytes();
        json.writeStartObject();
        writeHeader(json, node.snapshot());
        json.writeStringField("interface", totals.scope());
        writeCounts(json, totals.protocol(), totals.total(), bytes);
        json.writeArrayFieldStart("families");
        for (Map.Entry<Family, Counts> family : totals.families().entrySet()) {
            json.writeStartObject();
            json.writeStringField("family", family.getKey().label());
            writeCounts(json, totals.protocol(), family.getValue(), bytes);
            json.writeEndObject();
        }
        json.writeEndArray();
        writeNotes(json, node.notes(rows));
        json.writeEndObject();
    }

    /** {@code GET /network/interfaces/{name}}, and each of /network's interfaces: the name and the 16 counters. */
    public static void writeInterface(JsonGenerator json, InterfaceStats stats) throws IOException {
        json.writeStartObject();
        json.writeStringField("interface", stats.name());
        for (DevField field : DevField.values()) {
            json.writeFieldName(field.jsonName());
            writeUnsigned(json, field.get(stats));
        }
        json.writeEndObject();
    }

    /** {@code "module": {"version", "format_version"}}, or {@code "module": null} without the module. */
    public static void writeModule(JsonGenerator json, Snapshot.ModuleInfo module) throws IOException {
        json.writeFieldName("module");
        if (module == null) {
            json.writeNull();
        } else {
            json.writeStartObject();
            json.writeStringField("version", module.moduleVersion());
            json.writeNumberField("format_version", module.formatVersion());
            json.writeEndObject();
        }
    }

    /** The fields every document about a snapshot starts with: source, timestamp and module. */
    static void writeHeader(JsonGenerator json, Snapshot snapshot) throws IOException {
        json.writeStringField("source", snapshot.source().label());
        json.writeStringField("timestamp", snapshot.timestamp().truncatedTo(ChronoUnit.MILLIS).toString());
        writeModule(json, snapshot.module());
    }

    private static void writeProtocolRows(JsonGenerator json, Snapshot snapshot, ProtocolRows protocols)
            throws IOException {
        boolean bytes = snapshot.source().hasBytes();
        json.writeArrayFieldStart("protocols");
        for (ProtocolStats row : protocols.rows()) {
            json.writeStartObject();
            json.writeStringField("interface", row.ifname());
            json.writeStringField("family", row.family().label());
            writeCounts(json, row.protocol(), row.counts(), bytes);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** {@code "protocol", "number"} and the four counters, shared by rows and sums; bytes null where not counted. */
    static void writeCounts(JsonGenerator json, int protocol, Counts counts, boolean bytes) throws IOException {
        writeProtocol(json, protocol);
        for (Counter counter : PROTOCOL_FIELDS) {
            json.writeFieldName(counter.jsonName());
            if (counter.bytes() && !bytes) {
                json.writeNull();
            } else {
                writeUnsigned(json, counter.of(counts));
            }
        }
    }

    /** {@code "protocol": "tcp", "number": 6}; {@code "number": null} for unknown and other. */
    static void writeProtocol(JsonGenerator json, int protocol) throws IOException {
        json.writeStringField("protocol", Protocols.name(protocol));
        json.writeFieldName("number");
        if (protocol >= 0) {
            json.writeNumber(protocol);
        } else {
            json.writeNull();
        }
    }

    static void writeNotes(JsonGenerator json, List<String> notes) throws IOException {
        json.writeArrayFieldStart("notes");
        for (String note : notes) {
            json.writeString(note);
        }
        json.writeEndArray();
    }

    /** Writes a u64 held in a long as a plain JSON integer (18446744073709551615, never negative). */
    static void writeUnsigned(JsonGenerator json, long value) throws IOException {
        if (value >= 0) {
            json.writeNumber(value);
        } else {
            json.writeNumber(Long.toUnsignedString(value));
        }
    }
}
