package io.netmon.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netmon.source.Family;
import io.netmon.source.InterfaceStats;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Protocols;
import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import io.netmon.source.Source;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code /network}, {@code /network/interfaces/{name}}, {@code /network/protocols} and
 * {@code /network/protocols/{name}}, answered from the sampler's latest snapshot.
 */
public final class NetworkHandler {
    static final String INTERFACES_PREFIX = "/network/interfaces/";
    static final String PROTOCOLS_PREFIX = "/network/protocols/";
    /** The filters /network and everything built on it accept. */
    public static final Set<String> FILTERS = Set.of("interface", "protocol", "family");

    private final Sampler sampler;
    private final Optional<String> moduleNote;

    public NetworkHandler(Sampler sampler) {
        this(sampler, Optional.empty());
    }

    /** {@code moduleNote}: why netmon.ko is not loaded (the loader's outcome), added to the notes while on procfs. */
    public NetworkHandler(Sampler sampler, Optional<String> moduleNote) {
        this.sampler = sampler;
        this.moduleNote = moduleNote;
    }

    public void register(Router.Builder routes) {
        routes.get("/network", this::network);
        routes.getBelow(INTERFACES_PREFIX, this::oneInterface);
        routes.get("/network/protocols", this::protocols);
        routes.getBelow(PROTOCOLS_PREFIX, this::oneProtocol);
    }

    FullHttpResponse network(Request request) throws HttpError {
        Query query = request.query(FILTERS);
        Snapshot snapshot = latest();
        List<String> names = query.values("interface");
        List<InterfaceStats> selected = select(snapshot, names);
        ProtocolSelection.Selection protocols = ProtocolSelection.from(query).select(snapshot, names);
        List<String> notes = notes(snapshot, protocols.notes());
        return Responses.json(HttpResponseStatus.OK,
                json -> NetworkJson.writeNetwork(json, snapshot, selected, protocols.rows(), notes));
    }

    FullHttpResponse oneInterface(Request request) throws HttpError {
        request.query(Set.of());
        String name = request.path().substring(INTERFACES_PREFIX.length());
        Snapshot snapshot = latest();
        InterfaceStats stats = snapshot.find(name)
                .orElseThrow(() -> HttpError.notFound("no interface named '" + name + "'"));
        return Responses.json(HttpResponseStatus.OK, json -> NetworkJson.writeInterface(json, stats));
    }

    FullHttpResponse protocols(Request request) throws HttpError {
        Query query = request.query(FILTERS);
        Snapshot snapshot = latest();
        List<String> names = query.values("interface");
        select(snapshot, names);
        ProtocolSelection.Selection protocols = ProtocolSelection.from(query).select(snapshot, names);
        List<String> notes = notes(snapshot, protocols.notes());
        return Responses.json(HttpResponseStatus.OK, json -> {
            json.writeStartObject();
            NetworkJson.writeHeader(json, snapshot);
            NetworkJson.writeProtocols(json, snapshot, protocols.rows());
            NetworkJson.writeNotes(json, notes);
            json.writeEndObject();
        });
    }

    /** One protocol summed over families (and over the selected interfaces), then per family. */
    FullHttpResponse oneProtocol(Request request) throws HttpError {
        Query query = request.query(Set.of("interface", "family"));
        String name = request.path().substring(PROTOCOLS_PREFIX.length());
        ProtocolSelection wanted = ProtocolSelection.of(List.of(name), query.values("family"));
        int protocol = Protocols.parse(name).orElseThrow();
        Snapshot snapshot = latest();
        List<String> names = query.values("interface");
        select(snapshot, names);
        ProtocolSelection.Selection selection = wanted.select(snapshot, names);
        Map<Family, long[]> perFamily = new TreeMap<>();
        long[] total = new long[4];
        for (ProtocolStats row : selection.rows()) {
            long[] sums = perFamily.computeIfAbsent(row.family(), f -> new long[4]);
            add(sums, row);
            add(total, row);
        }
        boolean bytes = snapshot.source().hasBytes();
        List<String> notes = notes(snapshot, selection.notes());
        return Responses.json(HttpResponseStatus.OK, json -> {
            json.writeStartObject();
            NetworkJson.writeHeader(json, snapshot);
            json.writeStringField("interface", names.isEmpty() ? ProtocolStats.ALL : String.join(",", names));
            writeSums(json, protocol, total, bytes);
            json.writeArrayFieldStart("families");
            for (Map.Entry<Family, long[]> entry : perFamily.entrySet()) {
                json.writeStartObject();
                json.writeStringField("family", entry.getKey().label());
                writeSums(json, protocol, entry.getValue(), bytes);
                json.writeEndObject();
            }
            json.writeEndArray();
            NetworkJson.writeNotes(json, notes);
            json.writeEndObject();
        });
    }

    private static void add(long[] sums, ProtocolStats row) {
        sums[0] += row.rxPackets();
        sums[1] += row.rxBytes();
        sums[2] += row.txPackets();
        sums[3] += row.txBytes();
    }

    private static void writeSums(JsonGenerator json, int protocol, long[] sums, boolean bytes) throws IOException {
        NetworkJson.writeCounts(json, protocol, sums[0], sums[1], sums[2], sums[3], bytes);
    }

    /** The latest snapshot, or 503 saying why there is none yet. */
    Snapshot latest() throws HttpError {
        Sampler.State state = sampler.state();
        return state.latest().orElseThrow(() -> HttpError.unavailable(
                "no sample yet" + state.failure().map(f -> ": " + f).orElse("; the first is on its way")));
    }

    /** The named interfaces in snapshot order, or all of them; any unknown name is a 404. */
    public static List<InterfaceStats> select(Snapshot snapshot, List<String> names) throws HttpError {
        if (names.isEmpty()) {
            return snapshot.interfaces();
        }
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (snapshot.find(name).isEmpty()) {
                missing.add("'" + name + "'");
            }
        }
        if (!missing.isEmpty()) {
            throw HttpError.notFound("no interface named " + String.join(", ", missing));
        }
        return snapshot.interfaces().stream().filter(s -> names.contains(s.name())).toList();
    }

    private List<String> notes(Snapshot snapshot, List<String> protocolNotes) {
        List<String> notes = new ArrayList<>(protocolNotes);
        if (snapshot.source() == Source.PROCFS) {
            moduleNote.ifPresent(notes::add);
        }
        sampler.state().failure().ifPresent(f ->
                notes.add("the latest read failed, figures are from the sample before it: " + f));
        return notes;
    }
}
