package io.netmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmon.Fixtures;
import io.netmon.history.HistoryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /network/history and /network/stream on a real server, read by real HTTP clients. */
class LiveHttpTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path NETMON = Fixtures.DIR.resolve("proc-net-netmon-lab-node.txt");
    private static final long T0_MS = FixtureNode.T0.toEpochMilli();
    /** How long a test waits for something that should come at once before it fails (never asserted on). */
    private static final long PATIENCE_SECONDS = 20;
    /** The note of every procfs answer, as JSON. */
    private static final String PROCFS_NOTE_JSON = "\"netmon.ko is not loaded: protocol figures are host-wide packet counts"
            + " from /proc/net/snmp and /proc/net/snmp6 (tcp is ipv4 and ipv6 together, family \\\"ip\\\"); bytes are null\"";
    private static final String GRE_NOTE_JSON = "\"'gre' has no count without netmon.ko"
            + " (procfs counts icmp, icmpv6, tcp, udp and udplite)\"";

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private FixtureNode node;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeLast) {
            c.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private FixtureNode start(Path root, int maxStreams) throws Exception {
        node = new FixtureNode(root, new LiveOptions(HistoryConfig.defaults(Duration.ofSeconds(1)), maxStreams),
                UnaryOperator.identity()).withoutSnmp();
        return node;
    }

    /** /proc/net/dev at round {@code r}: eth0 moves 1500 B and 1 packet in, 100 B and 1 packet out per round; lo 10x less. */
    static String dev(int r) {
        return "Inter-|   Receive                                                |  Transmit\n"
                + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
                + "    lo: " + (150 * r) + " " + r + " 0 0 0 0 0 0 " + (150 * r) + " " + r + " 0 0 0 0 0 0\n"
                + "  eth0: " + (1_000_000 + 1500 * r) + " " + (1000 + r) + " 0 0 0 0 0 0 " + (500_000 + 100 * r) + " "
                + (400 + r) + " 0 0 0 0 0 0\n"
                + "eth0.100: 5120 40 0 0 0 0 0 0 2048 16 0 0 0 0 0 0\n";
    }

    private void sample(int round) throws IOException {
        node.writeDev(dev(round));
        node.sampler.sampleOnce();
    }

    private HttpResponse<String> get(String target) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(node.url(target))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) throws IOException {
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        return MAPPER.readTree(response.body()).get("error").asText();
    }

    @Test
    void historyIsColumnarWithExactCountersAndRates(@TempDir Path root) throws Exception {
        start(root, 4);
        for (int r = 0; r < 3; r++) {
            sample(r);
        }
        HttpResponse<String> response = get("/network/history?seconds=60&interface=eth0");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(response.body()).isEqualTo("{\"source\":\"procfs\",\"sequence\":3,\"seconds\":60,"
                + "\"resolution\":\"full\",\"resolution_ms\":1000,"
                + "\"timestamps\":[" + T0_MS + "," + (T0_MS + 1000) + "," + (T0_MS + 2000) + "],"
                + "\"interfaces\":[{\"interface\":\"eth0\",\"segment_starts\":[0],"
                + "\"bytes_received\":[1000000,1001500,1003000],\"packets_received\":[1000,1001,1002],"
                + "\"bytes_sent\":[500000,500100,500200],\"packets_sent\":[400,401,402],"
                + "\"bytes_received_per_second\":[null,1500.0,1500.0],\"packets_received_per_second\":[null,1.0,1.0],"
                + "\"bytes_sent_per_second\":[null,100.0,100.0],\"packets_sent_per_second\":[null,1.0,1.0]}],"
                + "\"protocols\":[],\"pods\":[],\"notes\":[]}\n");
    }

    @Test
    void historyDefaultsToFiveMinutesOfEveryInterfaceAndGoesCoarseForLongerWindows(@TempDir Path root) throws Exception {
        start(root, 4);
        for (int r = 0; r < 12; r++) {
            sample(r);
        }
        JsonNode all = MAPPER.readTree(get("/network/history").body());
        assertThat(all.get("seconds").asInt()).isEqualTo(300);
        assertThat(all.get("timestamps")).hasSize(12);
        assertThat(all.get("interfaces").findValuesAsText("interface")).containsExactly("lo", "eth0", "eth0.100");
        JsonNode coarse = MAPPER.readTree(get("/network/history?seconds=3600&interface=lo").body());
        assertThat(coarse.get("resolution").asText()).isEqualTo("coarse");
        assertThat(coarse.get("resolution_ms").asInt()).isEqualTo(10_000);
        // one coarse point so far, at the 10th sample; it starts the series
        assertThat(coarse.get("timestamps").toString()).isEqualTo("[" + (T0_MS + 9000) + "]");
        assertThat(coarse.get("interfaces").get(0).get("bytes_received").toString()).isEqualTo("[1350]");
        assertThat(coarse.get("interfaces").get(0).get("segment_starts").toString()).isEqualTo("[0]");
    }

    @Test
    void historyRefusesWhatNetworkRefuses(@TempDir Path root) throws Exception {
        start(root, 4);
        HttpResponse<String> early = get("/network/history");
        assertThat(early.statusCode()).isEqualTo(503);
        assertThat(error(early)).isEqualTo("no sample yet; the first is on its way");
        sample(0);
        HttpResponse<String> missing = get("/network/history?interface=eth0,wlan9");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(error(missing)).isEqualTo("no interface named 'wlan9'");
        HttpResponse<String> typo = get("/network/history?second=5");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(error(typo)).isEqualTo("unknown query parameter 'second'; accepted: seconds, interface, protocol, family, namespace, pod");
        for (String bad : List.of("seconds=0", "seconds=3601", "seconds=abc", "seconds=-5", "seconds=1&seconds=2",
                "protocol=tcpp", "family=ipv5", "interface=")) {
            HttpResponse<String> response = get("/network/history?" + bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(error(get("/network/history?seconds=0")))
                .isEqualTo("query parameter 'seconds' must be a whole number from 1 to 3600 (the history kept;"
                        + " see --history-coarse), got '0'");
        assertThat(error(get("/network/history?protocol=tcpp"))).startsWith("unknown protocol 'tcpp': give a number 0..255");
        HttpResponse<String> tcp = get("/network/history?protocol=tcp,17&family=ipv4");
        assertThat(tcp.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(tcp.body()).get("protocols")).isEmpty();
    }

    /** Reads a stream's lines on a thread of its own into a queue. */
    private BlockingQueue<String> lines(String target) throws Exception {
        HttpResponse<Stream<String>> response = client.sendAsync(HttpRequest.newBuilder(URI.create(node.url(target))).build(),
                HttpResponse.BodyHandlers.ofLines()).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-cache");
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Stream<String> body = response.body();
        Thread reader = new Thread(() -> {
            try {
                body.forEach(queue::add);
            } catch (java.io.UncheckedIOException e) {
                queue.add("(closed: " + e.getMessage() + ")");
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        closeLast.add(body::close);
        return queue;
    }

    private static String next(BlockingQueue<String> lines) throws InterruptedException {
        String line = lines.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(line).as("a line within " + PATIENCE_SECONDS + " s").isNotNull();
        return line;
    }

    /** The next event's id and data, skipping comments and the retry field. */
    private static JsonNode nextEvent(BlockingQueue<String> lines) throws Exception {
        String line = next(lines);
        while (!line.startsWith("id: ")) {
            line = next(lines);
        }
        long id = Long.parseLong(line.substring(4));
        String data = next(lines);
        assertThat(data).startsWith("data: ");
        assertThat(next(lines)).isEmpty();
        JsonNode event = MAPPER.readTree(data.substring(6));
        assertThat(event.get("sequence").asLong()).isEqualTo(id);
        return event;
    }

    @Test
    void streamSendsEachSampleOnceWithRatesAndFilters(@TempDir Path root) throws Exception {
        start(root, 4);
        sample(0);
        BlockingQueue<String> all = lines("/network/stream");
        BlockingQueue<String> eth0 = lines("/network/stream?interface=eth0");
        assertThat(next(all)).isEqualTo(": netmon rates, one event per sample");
        assertThat(next(all)).isEqualTo("retry: 2000");
        assertThat(next(all)).isEmpty();
        JsonNode first = nextEvent(all);
        assertThat(first.toString()).isEqualTo("{\"sequence\":1,\"timestamp\":" + T0_MS + ",\"source\":\"procfs\","
                + "\"module\":null,\"interfaces\":["
                + "{\"interface\":\"lo\",\"segment_start\":true,\"bytes_received\":0,\"bytes_sent\":0,"
                + "\"bytes_received_per_second\":null,"
                + "\"packets_received_per_second\":null,\"bytes_sent_per_second\":null,\"packets_sent_per_second\":null},"
                + "{\"interface\":\"eth0\",\"segment_start\":true,\"bytes_received\":1000000,\"bytes_sent\":500000,"
                + "\"bytes_received_per_second\":null,"
                + "\"packets_received_per_second\":null,\"bytes_sent_per_second\":null,\"packets_sent_per_second\":null},"
                + "{\"interface\":\"eth0.100\",\"segment_start\":true,\"bytes_received\":5120,\"bytes_sent\":2048,"
                + "\"bytes_received_per_second\":null,"
                + "\"packets_received_per_second\":null,\"bytes_sent_per_second\":null,\"packets_sent_per_second\":null}],"
                + "\"protocols\":[],\"pods\":[],\"host_network_pods\":[],\"notes\":[" + PROCFS_NOTE_JSON + "]}");
        assertThat(nextEvent(eth0).get("interfaces").findValuesAsText("interface")).containsExactly("eth0");
        for (int r = 1; r <= 3; r++) {
            sample(r);
        }
        for (long seq = 2; seq <= 4; seq++) {
            JsonNode event = nextEvent(all);
            assertThat(event.get("sequence").asLong()).isEqualTo(seq);
            assertThat(event.get("timestamp").asLong()).isEqualTo(T0_MS + 1000 * (seq - 1));
            JsonNode eth = event.get("interfaces").get(1);
            assertThat(eth.toString()).isEqualTo("{\"interface\":\"eth0\",\"segment_start\":false,"
                    + "\"bytes_received\":" + (1_000_000 + 1500 * (seq - 1)) + ",\"bytes_sent\":" + (500_000 + 100 * (seq - 1)) + ","
                    + "\"bytes_received_per_second\":1500.0,\"packets_received_per_second\":1.0,"
                    + "\"bytes_sent_per_second\":100.0,\"packets_sent_per_second\":1.0}");
            assertThat(event.get("notes").toString()).isEqualTo("[" + PROCFS_NOTE_JSON + "]");
            JsonNode filtered = nextEvent(eth0);
            assertThat(filtered.get("sequence").asLong()).isEqualTo(seq);
            assertThat(filtered.get("interfaces")).hasSize(1);
            assertThat(filtered.get("interfaces").get(0)).isEqualTo(eth);
        }
        assertThat(all.poll()).isNull();
        assertThat(node.live.streams().openStreams()).isEqualTo(2);
    }

    @Test
    void streamEventsCarryTheModuleAsNetworkDoesAndFollowItsLoadAndUnload(@TempDir Path root) throws Exception {
        start(root, 4);
        Path netmon = root.resolve("net/netmon");
        Files.copy(NETMON, netmon);
        sample(0);
        BlockingQueue<String> stream = lines("/network/stream");
        JsonNode loaded = nextEvent(stream);
        assertThat(fieldNames(loaded)).containsExactly("sequence", "timestamp", "source", "module", "interfaces", "protocols",
                "pods", "host_network_pods", "notes");
        assertThat(loaded.get("source").asText()).isEqualTo("kmod");
        assertThat(loaded.get("module").toString()).isEqualTo("{\"version\":\"0.1.0\",\"format_version\":1}");
        JsonNode network = MAPPER.readTree(get("/network").body());
        assertThat(loaded.get("module")).isEqualTo(network.get("module"));
        assertThat(loaded.get("notes").toString()).isEqualTo("[]");
        assertThat(loaded.get("notes")).isEqualTo(network.get("notes"));

        Files.delete(netmon);
        sample(1);
        JsonNode unloaded = nextEvent(stream);
        assertThat(unloaded.get("sequence").asLong()).isEqualTo(2);
        assertThat(unloaded.get("source").asText()).isEqualTo("procfs");
        assertThat(fieldNames(unloaded)).contains("module");
        assertThat(unloaded.get("module").isNull()).as("module of a procfs event").isTrue();
        JsonNode unloadedNetwork = MAPPER.readTree(get("/network").body());
        assertThat(unloadedNetwork.get("module").isNull()).isTrue();
        assertThat(unloaded.get("notes").toString()).isEqualTo("[" + PROCFS_NOTE_JSON + "]");
        assertThat(unloaded.get("notes")).isEqualTo(unloadedNetwork.get("notes"));

        Files.copy(NETMON, netmon);
        sample(2);
        JsonNode reloaded = nextEvent(stream);
        assertThat(reloaded.get("source").asText()).isEqualTo("kmod");
        assertThat(reloaded.get("module").toString()).isEqualTo("{\"version\":\"0.1.0\",\"format_version\":1}");
        // A filtered stream renders its own events: the module is there too.
        JsonNode filtered = nextEvent(lines("/network/stream?interface=eth0"));
        assertThat(filtered.get("sequence").asLong()).isEqualTo(3);
        assertThat(filtered.get("interfaces").findValuesAsText("interface")).containsExactly("eth0");
        assertThat(filtered.get("module")).isEqualTo(reloaded.get("module"));
    }

    @Test
    void aFailedReadSendsTheSampleBeforeItAgainWithTheNoteNetworkGives(@TempDir Path root) throws Exception {
        start(root, 4);
        sample(0);
        sample(1);
        BlockingQueue<String> all = lines("/network/stream");
        BlockingQueue<String> gre = lines("/network/stream?interface=eth0&protocol=gre");
        JsonNode good = nextEvent(all);
        assertThat(good.get("sequence").asLong()).isEqualTo(2);
        assertThat(good.get("notes").toString()).isEqualTo("[" + PROCFS_NOTE_JSON + "]");
        assertThat(nextEvent(gre).get("notes").toString()).isEqualTo("[" + PROCFS_NOTE_JSON + "," + GRE_NOTE_JSON + "]");

        node.writeDev("Inter-|\n face |\n    lo: 1 2 3\n");
        node.sampler.sampleOnce();
        String failure = node.sampler.state().error();
        assertThat(failure).contains("net/dev");
        String failureJson = MAPPER.writeValueAsString("the latest read failed, figures are from the sample before it: " + failure);
        JsonNode failed = nextEvent(all);
        assertThat(failed.get("sequence").asLong()).as("no new sample: the one before the failed read").isEqualTo(2);
        assertThat(failed.get("notes").toString()).isEqualTo("[" + PROCFS_NOTE_JSON + "," + failureJson + "]");
        assertThat(failed.get("notes")).isEqualTo(MAPPER.readTree(get("/network").body()).get("notes"));
        assertThat(withoutNotes(failed)).as("the same sample, rates and counters").isEqualTo(withoutNotes(good));
        JsonNode failedGre = nextEvent(gre);
        assertThat(failedGre.get("sequence").asLong()).isEqualTo(2);
        assertThat(failedGre.get("notes").toString())
                .isEqualTo("[" + PROCFS_NOTE_JSON + "," + GRE_NOTE_JSON + "," + failureJson + "]");
        assertThat(failedGre.get("notes")).isEqualTo(MAPPER.readTree(get("/network?protocol=gre").body()).get("notes"));
        // A stream opened now starts with the failed read's event.
        BlockingQueue<String> late = lines("/network/stream");
        assertThat(nextEvent(late)).isEqualTo(failed);

        node.sampler.sampleOnce(); // the same failure: nothing new to say
        sample(2);
        for (BlockingQueue<String> stream : List.of(all, late)) {
            JsonNode recovered = nextEvent(stream);
            assertThat(recovered.get("sequence").asLong()).as("the next event is the next sample").isEqualTo(3);
            assertThat(recovered.get("notes").toString()).isEqualTo("[" + PROCFS_NOTE_JSON + "]");
            assertThat(recovered.get("interfaces").get(1).get("bytes_received").asLong()).isEqualTo(1_003_000);
        }
        assertThat(nextEvent(gre).get("notes").toString()).isEqualTo("[" + PROCFS_NOTE_JSON + "," + GRE_NOTE_JSON + "]");
        assertThat(all.poll()).isNull();
    }

    private static JsonNode withoutNotes(JsonNode event) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = event.deepCopy();
        copy.remove("notes");
        return copy;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void streamRefusesBadFiltersLikeNetworkAndAnswersHead(@TempDir Path root) throws Exception {
        start(root, 4);
        sample(0);
        HttpResponse<String> missing = get("/network/stream?interface=wlan9");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(error(missing)).isEqualTo("no interface named 'wlan9'");
        HttpResponse<String> typo = get("/network/stream?seconds=5");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(error(typo)).isEqualTo("unknown query parameter 'seconds'; accepted: interface, protocol, family, namespace, pod");
        assertThat(get("/network/stream?family=ipv5").statusCode()).isEqualTo(400);
        HttpResponse<String> head = client.send(HttpRequest.newBuilder(URI.create(node.url("/network/stream")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(node.url("/network/stream")))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(node.live.streams().openStreams()).isZero();
    }

    @Test
    void streamsBeyondTheLimitGet503UntilOneCloses(@TempDir Path root) throws Exception {
        start(root, 1);
        sample(0);
        try (Socket first = new Socket("127.0.0.1", node.server.port())) {
            first.getOutputStream().write("GET /network/stream HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            first.setSoTimeout((int) TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
            assertThat(new String(first.getInputStream().readNBytes(15), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK");
            HttpResponse<String> refused = get("/network/stream");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(error(refused)).isEqualTo("too many streams: 1 are open, the limit set by --max-streams; try again later");
            assertThat(get("/network").statusCode()).as("other paths still answer").isEqualTo(200);
        }
        while (node.live.streams().openStreams() > 0) {
            Thread.onSpinWait();
        }
        BlockingQueue<String> again = lines("/network/stream");
        assertThat(nextEvent(again).get("sequence").asLong()).isEqualTo(1);
    }

    @Test
    void aClientThatStopsReadingIsDroppedWhileAnotherKeepsReceiving(@TempDir Path root) throws Exception {
        start(root, 4);
        // 300 veths make each event about 60 KB, so the kernel's socket buffers fill within a few dozen samples
        StringBuilder veths = new StringBuilder(dev(0));
        for (int i = 0; i < 300; i++) {
            veths.append("veth").append(1000 + i).append(": 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n");
        }
        node.writeDev(veths.toString());
        node.sampler.sampleOnce();
        BlockingQueue<String> reader = lines("/network/stream");
        Socket stalled = new Socket();
        closeLast.add(stalled);
        stalled.setReceiveBufferSize(4096);
        stalled.connect(new java.net.InetSocketAddress("127.0.0.1", node.server.port()));
        stalled.getOutputStream().write("GET /network/stream HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        while (node.live.streams().openStreams() < 2) {
            Thread.onSpinWait();
        }
        assertThat(nextEvent(reader).get("sequence").asLong()).isEqualTo(1);
        int samples = 1;
        while (node.live.streams().openStreams() == 2 && samples < 100_000) {
            node.sampler.sampleOnce();
            samples++;
            // the reader keeps up: one event per sample, in order
            assertThat(nextEvent(reader).get("sequence").asLong()).isEqualTo(samples);
        }
        assertThat(node.live.streams().openStreams()).as("the stalled client is dropped").isEqualTo(1);
        node.sampler.sampleOnce();
        assertThat(nextEvent(reader).get("sequence").asLong()).isEqualTo(samples + 1);
        // the stalled client finds its stream ended once it reads what the kernel held for it
        stalled.setSoTimeout((int) TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
        InputStream in = stalled.getInputStream();
        byte[] chunk = new byte[65536];
        long drained = 0;
        for (int n; (n = in.read(chunk)) >= 0; ) {
            drained += n;
        }
        System.out.printf("stalled client dropped after %d samples; it had %d bytes in flight%n", samples, drained);
    }

    @Test
    void excludedInterfacesAreGoneFromEveryEndpoint(@TempDir Path root) throws Exception {
        node = new FixtureNode(root, LiveOptions.defaults(Duration.ofSeconds(1)),
                io.netmon.source.InterfaceFilter.of(null, "veth.*|eth0\\..*")).withoutSnmp();
        node.sampler.sampleOnce();
        BlockingQueue<String> stream = lines("/network/stream");
        node.sampler.sampleOnce();
        JsonNode network = MAPPER.readTree(get("/network").body());
        assertThat(network.get("interfaces").findValuesAsText("interface")).containsExactly("lo", "eth0");
        assertThat(get("/network/interfaces/veth1a2b3c4").statusCode()).isEqualTo(404);
        assertThat(get("/network?interface=eth0.100").statusCode()).isEqualTo(404);
        assertThat(get("/network/history?interface=veth1a2b3c4").statusCode()).isEqualTo(404);
        JsonNode history = MAPPER.readTree(get("/network/history").body());
        assertThat(history.get("interfaces").findValuesAsText("interface")).containsExactly("lo", "eth0");
        assertThat(get("/metrics").body()).contains("device=\"eth0\"").doesNotContain("veth").doesNotContain("eth0.100")
                .contains("netmon_interfaces 2.0");
        assertThat(nextEvent(stream).get("interfaces").findValuesAsText("interface")).containsExactly("lo", "eth0");
        assertThat(nextEvent(stream).get("interfaces").findValuesAsText("interface")).containsExactly("lo", "eth0");
        assertThat(node.live.history().seriesCount()).isEqualTo(2);
    }
}
