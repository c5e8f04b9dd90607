package io.netmon.cli;

import io.netmon.http.Api;
import io.netmon.http.Live;
import io.netmon.http.LiveOptions;
import io.netmon.http.NetmonServer;
import io.netmon.http.ServerOptions;
import io.netmon.metrics.PodMetrics;
import io.netmon.source.InterfaceFilter;
import io.netmon.source.NativeLibrary;
import io.netmon.source.PodConfig;
import io.netmon.source.Sampler;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code netmon serve}: sample every interval and serve the HTTP API until SIGTERM or SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve /network, /network/pods, /network/history, /network/stream, /metrics, /healthz and "
                + "/readyz over HTTP.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    /** The longest a shutdown may take before the JVM is halted: within Kubernetes' default grace of 30 s. */
    static final long SHUTDOWN_LIMIT_SECONDS = 15;
    /** Every IPv4 address: the default of --bind. */
    private static final String ANY_ADDRESS = "0.0.0.0";

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    ProcOptions proc;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:NETMON_PORT:-3000}",
            description = "TCP port (env NETMON_PORT; default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "${env:NETMON_BIND:-" + ANY_ADDRESS + "}",
            description = "Address to listen on (env NETMON_BIND; default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--loader-status", paramLabel = "FILE", defaultValue = "${env:NETMON_LOADER_STATUS}",
            description = "The module loader's outcome (one line, written by the pod's init container), shown in "
                    + "/network's notes while netmon.ko is not loaded (env NETMON_LOADER_STATUS; default: none).")
    Path loaderStatus;

    @Mixin
    HistoryOptions history;

    @Mixin
    InterfaceOptions interfaces;

    @Mixin
    IntervalOption sampling;

    @Mixin
    ConnectionOptions connections;

    @Mixin
    PodOptions podOptions;

    @Option(names = "--pods", paramLabel = "on|off", arity = "1", defaultValue = "${env:NETMON_PODS:-on}", converter = OnOff.Converter.class,
            description = "Look for the node's pods (the kubelet's cgroups under --cgroup-root) and read each one's "
                    + "traffic (env NETMON_PODS; default ${DEFAULT-VALUE}).")
    OnOff pods;

    @Option(names = "--pod-metrics", paramLabel = "none|traffic|protocols", defaultValue = "traffic",
            converter = PodMetricsLevel.class,
            description = "Series per pod in /metrics: none, traffic (bytes and packets each way), or protocols "
                    + "(traffic and the pod's protocols; default ${DEFAULT-VALUE}).")
    PodMetrics.Level podMetrics;

    @Option(names = "--pod-metrics-max", paramLabel = "N", defaultValue = PodMetrics.Options.DEFAULT_MAX + "",
            description = "Most pods with series in /metrics, the first seen first; the others are counted in "
                    + "netmon_pods_omitted (default ${DEFAULT-VALUE}).")
    int podMetricsMax;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535, got " + port);
        }
        Duration interval = sampling.get(spec);
        if (podMetricsMax < 0) {
            throw new ParameterException(spec.commandLine(), "--pod-metrics-max must be >= 0, got " + podMetricsMax);
        }
        LiveOptions historyOptions = history.options(spec, interval);
        LiveOptions liveOptions = new LiveOptions(historyOptions.history(), historyOptions.maxStreams(),
                new PodMetrics.Options(podMetrics, podMetricsMax));
        ServerOptions serverOptions = connections.options(spec);
        InterfaceFilter filter = interfaces.filter(spec);
        PodConfig podConfig = podOptions.config(spec, pods.on());
        NativeLibrary library = main.library();
        Sampler sampler = new Sampler(proc.collector(spec, library, podConfig), interval, filter);
        Live live = Live.attach(sampler, liveOptions);
        // The first sample (what /readyz waits for) is read on the sampler's thread while Netty binds.
        sampler.start();
        NetmonServer server;
        try {
            server = NetmonServer.start(new InetSocketAddress(bind, port),
                    Api.router(sampler, live, LoaderStatus.note(loaderStatus)), serverOptions);
        } catch (Exception e) {
            sampler.close();
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            String why = e instanceof BindException ? "address in use or not available" : e.toString();
            spec.commandLine().getErr().printf("netmon: cannot listen on %s:%d: %s%n", bind, port, why);
            return ExitCodes.CANNOT_BIND;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, sampler), "netmon-shutdown"));
        LOG.info("reading {} every {} ms; native library {}; interfaces: {}; pods: {}", proc.paths().net(),
                interval.toMillis(), library.describe(), filter, podConfig);
        spec.commandLine().getOut().printf("Netmon serving on http://%s:%d/ (dashboard; API: /network, /network/pods, "
                + "/network/history, /network/stream, /metrics; health: /healthz, /readyz)%n", displayHost(), server.port());
        spec.commandLine().getOut().flush();
        server.awaitClose();
        return ExitCodes.OK;
    }

    /**
     * On SIGTERM (or any exit): stop serving, then sampling. Each step is bounded, and a watchdog halts
     * the JVM if the whole takes longer than {@link #SHUTDOWN_LIMIT_SECONDS}, so that nothing (a stuck
     * thread, a log that cannot be written) can keep a stopping process alive.
     */
    private static void stop(NetmonServer server, Sampler sampler) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(SHUTDOWN_LIMIT_SECONDS));
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(ExitCodes.SHUTDOWN_STUCK);
        }, "netmon-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        LOG.info("shutting down");
        server.close();
        sampler.close();
        watchdog.interrupt();
    }

    private String displayHost() {
        return ANY_ADDRESS.equals(bind) || "::".equals(bind) ? "localhost" : bind;
    }
}
