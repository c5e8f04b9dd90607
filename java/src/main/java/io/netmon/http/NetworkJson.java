package io.netmon.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netmon.source.DevField;
import io.netmon.source.InterfaceStats;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Protocols;
import io.netmon.source.Snapshot;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The JSON shapes of /network (docs/API.md), written with Jackson's streaming generator. */
public final class NetworkJson {
    private NetworkJson() {
    }

    /**
     * {@code {"source", "timestamp", "module", "interfaces": [...], "protocols": [...], "notes": [...]}}
     * for the given interfaces and protocol rows.
     */
    public static void writeNetwork(JsonGenerator json, Snapshot snapshot, List<InterfaceStats> interfaces,
            List<ProtocolStats> protocols, List<String> notes) throws IOException {
        json.writeStartObject();
        writeHeader(json, snapshot);
        json.writeArrayFieldStart("interfaces");
        for (InterfaceStats stats : interfaces) {
            writeInterface(json, stats);
        }
        json.writeEndArray();
        writeProtocols(json, snapshot, protocols);
        writeNotes(json, notes);
        json.writeEndObject();
    }

    /** The fields every document about a snapshot starts with: source, timestamp and module. */
    public static void writeHeader(JsonGenerator json, Snapshot snapshot) throws IOException {
        json.writeStringField("source", snapshot.source().label());
        json.writeStringField("timestamp", snapshot.timestamp().truncatedTo(ChronoUnit.MILLIS).toString());
        writeModule(json, snapshot.module());
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

    public static void writeProtocols(JsonGenerator json, Snapshot snapshot, List<ProtocolStats> rows)
            throws IOException {
        json.writeArrayFieldStart("protocols");
        for (ProtocolStats row : rows) {
            writeProtocol(json, row, snapshot.source().hasBytes());
        }
        json.writeEndArray();
    }

    public static void writeNotes(JsonGenerator json, List<String> notes) throws IOException {
        json.writeArrayFieldStart("notes");
        for (String note : notes) {
            json.writeString(note);
        }
        json.writeEndArray();
    }

    /** One protocol row; bytes are null where the source does not count them. */
    public static void writeProtocol(JsonGenerator json, ProtocolStats row, boolean hasBytes) throws IOException {
        json.writeStartObject();
        json.writeStringField("interface", row.ifname());
        json.writeStringField("family", row.family().label());
        writeCounts(json, row.protocol(), row.rxPackets(), row.rxBytes(), row.txPackets(), row.txBytes(), hasBytes);
        json.writeEndObject();
    }

    /** {@code "protocol", "number"} and the four counters, shared by rows and sums. */
    public static void writeCounts(JsonGenerator json, int protocol, long rxPackets, long rxBytes, long txPackets,
            long txBytes, boolean hasBytes) throws IOException {
        json.writeStringField("protocol", Protocols.name(protocol));
        json.writeFieldName("number");
        if (protocol >= 0) {
            json.writeNumber(protocol);
        } else {
            json.writeNull();
        }
        json.writeFieldName("packets_received");
        writeUnsigned(json, rxPackets);
        json.writeFieldName("bytes_received");
        writeBytes(json, rxBytes, hasBytes);
        json.writeFieldName("packets_sent");
        writeUnsigned(json, txPackets);
        json.writeFieldName("bytes_sent");
        writeBytes(json, txBytes, hasBytes);
    }

    private static void writeBytes(JsonGenerator json, long value, boolean hasBytes) throws IOException {
        if (hasBytes) {
            writeUnsigned(json, value);
        } else {
            json.writeNull();
        }
    }

    /** One interface object: its name and the 16 counters, as JSON integers over the full u64 range. */
    public static void writeInterface(JsonGenerator json, InterfaceStats stats) throws IOException {
        json.writeStartObject();
        json.writeStringField("interface", stats.name());
        for (DevField field : DevField.values()) {
            json.writeFieldName(field.jsonName());
            writeUnsigned(json, field.get(stats));
        }
        json.writeEndObject();
    }

    /** Writes a u64 held in a long as a plain JSON integer (18446744073709551615, never negative). */
    public static void writeUnsigned(JsonGenerator json, long value) throws IOException {
        if (value >= 0) {
            json.writeNumber(value);
        } else {
            json.writeNumber(Long.toUnsignedString(value));
        }
    }
}
