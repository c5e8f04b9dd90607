package io.netmon.cli;

import io.netmon.source.NativeLibrary;
import io.netmon.source.ProtocolFilter;
import io.netmon.source.Snapshot;
import io.netmon.view.Json;
import io.netmon.view.NetworkJson;
import io.netmon.view.NodeView;
import io.netmon.view.ProtocolRows;
import io.netmon.view.Scope;
import io.netmon.view.ViewException;
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
            snapshot = proc.collector(spec, NativeLibrary.load()).collect();
        } catch (IOException e) {
            err.println("netmon: " + e.getMessage());
            return ExitCodes.UNREADABLE;
        }
        NodeView node = NodeView.of(snapshot);
        Scope scope;
        try {
            scope = node.scope(interfaces);
        } catch (ViewException e) {
            err.println("netmon: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        ProtocolRows rows = node.protocols(scope, ProtocolFilter.ALL);
        if (json) {
            Json.write(out, generator -> NetworkJson.writeNetwork(generator, node, scope, rows));
            out.println();
        } else if (protocols) {
            out.print(Table.protocols(rows.rows(), snapshot.source().hasBytes()));
            node.notes(rows).forEach(note -> out.println("note: " + note));
        } else {
            out.print(Table.interfaces(scope.interfaces()));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
