package io.netmon.cli;

import io.netmon.source.PodConfig;
import io.netmon.source.PodStats;
import io.netmon.source.ProtocolFilter;
import io.netmon.source.Snapshot;
import io.netmon.view.Json;
import io.netmon.view.NetworkJson;
import io.netmon.view.NodeView;
import io.netmon.view.PodsJson;
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
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code netmon show}: one snapshot, as an aligned table or as the JSON of {@code /network}. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Print one snapshot of this node.")
final class ShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    ProcOptions proc;

    @Option(names = "--json", description = "Print the same JSON as GET /network (with --pods: GET /network/pods).")
    boolean json;

    @Option(names = {"-p", "--protocols"},
            description = "Print the per-protocol breakdown (per interface with -i when netmon.ko is loaded; "
                    + "per pod with --pods).")
    boolean protocols;

    @Option(names = "--pods", description = "Print the node's pods and each one's traffic instead of the interfaces.")
    boolean pods;

    @Mixin
    PodOptions podOptions;

    @Option(names = {"-i", "--interface"}, paramLabel = "NAME", split = ",",
            description = "Only these interfaces (repeatable or comma-separated).")
    List<String> interfaces = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PodConfig podConfig = podOptions.config(spec, pods);
        Snapshot snapshot;
        try {
            snapshot = proc.collector(spec, main.library(), podConfig).collect();
        } catch (IOException e) {
            err.println("netmon: " + e.getMessage());
            return ExitCodes.UNREADABLE;
        }
        NodeView node = NodeView.of(snapshot);
        if (pods) {
            return showPods(node, out);
        }
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

    /** The pods as a table (their protocols with -p), or as the JSON of GET /network/pods. */
    private int showPods(NodeView node, PrintWriter out) throws IOException {
        List<PodStats> all;
        try {
            all = node.pods(List.of(), List.of());
        } catch (ViewException e) {
            throw new IllegalStateException("every pod is asked for, so none can be missing", e);
        }
        if (json) {
            Json.write(out, generator -> PodsJson.writePods(generator, node, all, ProtocolFilter.ALL));
            out.println();
            out.flush();
            return ExitCodes.OK;
        }
        List<ProtocolRows> rows = all.stream().map(pod -> node.podProtocols(pod, ProtocolFilter.ALL)).toList();
        if (protocols) {
            out.print(Table.podProtocols(all, rows.stream().map(ProtocolRows::rows).toList(),
                    node.snapshot().source().hasBytes()));
        } else {
            out.print(Table.pods(all));
        }
        node.podNotes(ProtocolFilter.ALL, rows).forEach(note -> out.println("note: " + note));
        out.flush();
        return ExitCodes.OK;
    }
}
