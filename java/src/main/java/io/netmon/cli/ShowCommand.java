package io.netmon.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netmon.http.HttpError;
import io.netmon.http.NetworkHandler;
import io.netmon.http.NetworkJson;
import io.netmon.http.ProtocolSelection;
import io.netmon.source.InterfaceStats;
import io.netmon.source.NativeLibrary;
import io.netmon.source.ProtocolFilter;
import io.netmon.source.Snapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netmon show}: one snapshot, as an aligned table or as the JSON of {@code /network}. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Print one snapshot of this node.")
final class ShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProcOptions proc;

    @Option(names = "--json", description = "Print the same JSON as GET /network.")
    boolean json;

    @Option(names = {"-p", "--protocols"},
            description = "Print the per-protocol breakdown (per interface with -i when netmon.ko is loaded).")
    boolean protocols;

    @Option(names = {"-i", "--interface"}, paramLabel = "NAME", split = ",",
            description = "Only these interfaces (repeatable or comma-separated).")
    List<String> interfaces = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Snapshot snapshot;
        try {
            snapshot = proc.collector(NativeLibrary.load()).collect();
        } catch (IOException e) {
            err.println("netmon: " + e.getMessage());
            return ExitCodes.UNREADABLE;
        }
        List<InterfaceStats> rows;
        try {
            rows = NetworkHandler.select(snapshot, interfaces);
        } catch (HttpError e) {
            err.println("netmon: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        ProtocolSelection.Selection selection = new ProtocolSelection(ProtocolFilter.ALL).select(snapshot, interfaces);
        if (json) {
            try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
                generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                NetworkJson.writeNetwork(generator, snapshot, rows, selection.rows(), selection.notes());
            }
            out.println();
        } else if (protocols) {
            out.print(Table.protocols(selection.rows(), snapshot.source().hasBytes()));
            selection.notes().forEach(note -> out.println("note: " + note));
        } else {
            out.print(Table.interfaces(rows));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
