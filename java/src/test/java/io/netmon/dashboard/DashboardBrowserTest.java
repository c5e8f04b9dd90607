package io.netmon.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's headless Chromium against a real server whose fixture counters
 * advance: no console errors, live points in the 2D charts, a 3D graph that is not blank, the
 * pods view's table and protocol split as the node's pods move. Writes
 * target/dashboard-screenshot.png. Never downloads a browser or a driver: without
 * /usr/bin/chromium and /usr/bin/chromedriver it fails and says how to install them. The
 * timeout only guards against a hang: about 20 s on a quiet machine, 135 s seen on two loaded
 * cores.
 */
@Timeout(600)
class DashboardBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOT = Path.of("target/dashboard-screenshot.png");
    static final Path CANVAS_SHOT = Path.of("target/dashboard-3d.png");
    static final Path PROTOCOL_SHOT = Path.of("target/dashboard-3d-protocols.png");
    static final Path PROCFS_SHOT = Path.of("target/dashboard-procfs.png");
    static final Path FAILED_SHOT = Path.of("target/dashboard-failed-read.png");
    static final Path PODS_SHOT = Path.of("target/dashboard-pods.png");
    static final String FAILED_NOTE = "the latest read failed, figures are from the sample before it: ";

    private LabNode node;
    private ChromeDriverService service;
    private ChromeDriver driver;

    @BeforeEach
    void start(@TempDir Path tmp) throws Exception {
        for (Path tool : List.of(CHROMIUM, CHROMEDRIVER)) {
            assertThat(Files.isExecutable(tool))
                    .as(tool + " is missing: the browser test needs Debian's chromium and chromium-driver "
                            + "(scripts/deps.sh browser, or: apt-get install chromium chromium-driver)")
                    .isTrue();
        }
        node = LabNode.start(Files.createDirectories(tmp.resolve("node")), Duration.ofMillis(200), true);

        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(tmp.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--disable-dev-shm-usage", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                "--window-size=1400,1500", "--user-data-dir=" + Files.createDirectories(tmp.resolve("profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void showsLiveTrafficProtocolsAndSourceChangesWithoutConsoleErrors() throws Exception {
        driver.get(node.url("/"));
        JavascriptExecutor js = driver;

        assertThat(js.executeScript("const c = document.createElement('canvas');"
                + " return !!(c.getContext('webgl2') || c.getContext('webgl'));"))
                .as("WebGL in headless Chromium (SwiftShader)").isEqualTo(true);

        // 1. The module is loaded: interfaces live in 2D, protocols with packets and bytes.
        waitFor("the 2D charts should receive three live points from /network/stream",
                () -> number(js, "return window.netmon ? window.netmon.pointsReceived : 0") >= 3);
        long points = number(js, "return window.netmon.pointsReceived");
        // What the charts hold, read back from ECharts itself: every drawn series has the live points.
        long drawn = number(js, "const o = echarts.getInstanceByDom(document.getElementById('chart-rx')).getOption();"
                + " return Math.min(...o.series.map(s => s.data.length));");
        assertThat(drawn).as("points in every receive series").isGreaterThanOrEqualTo(3);
        assertThat(js.executeScript("return window.netmon.interfaces"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .contains(LabNode.VANISHES).doesNotContain(LabNode.APPEARS);
        waitForSource("kmod", "netmon.ko " + LabNode.MODULE_VERSION);
        waitForProtocols("with the module", Map.of(
                "ipv4/tcp", LabNode.packets("ipv4", "tcp", true),
                "ipv4/udp", LabNode.packets("ipv4", "udp", true),
                "ipv4/icmp", LabNode.packets("ipv4", "icmp", true),
                "ipv6/tcp", LabNode.packets("ipv6", "tcp", true),
                "ipv6/icmpv6", LabNode.packets("ipv6", "icmpv6", true)));
        // With the module the card also has bytes: TCP over IPv4 receives 2.4 MB/s (L3 bytes).
        driver.findElement(By.cssSelector("button[data-unit=bytes]")).click();
        waitFor("the protocol card should show bytes/s with the module", () -> {
            Map<String, Double> tcp = protocolCard(js).get("ipv4/tcp");
            Double bytes = tcp == null ? null : tcp.get("bytes_received");
            double expected = LabNode.bytes("ipv4", "tcp", true);
            return bytes != null && Math.abs(bytes - expected) <= 0.25 * expected;
        });
        driver.findElement(By.cssSelector("button[data-unit=packets]")).click();

        // The 3D graph by interface.
        waitFor("the 3D graph should hold bars", () -> bars3d(js) > 0);
        Thread.sleep(1500);
        Pixels byInterface = canvas3d(js, CANVAS_SHOT);
        assertThat(byInterface.painted()).as("share of the WebGL canvas's pixels that are not background (" + CANVAS_SHOT + ")")
                .isGreaterThan(0.03);
        assertThat(byInterface.colourful()).as("share of the WebGL canvas's pixels in the bars' colours (" + CANVAS_SHOT + ")")
                .isGreaterThan(0.01);

        // The 3D graph by protocol: a row per family/protocol of the module's table.
        WebElement byProtocol = driver.findElement(By.cssSelector("button[data-by=protocol]"));
        assertThat(byProtocol.isEnabled()).as("the 3D graph's \"by protocol\" button").isTrue();
        byProtocol.click();
        waitFor("the 3D graph should hold a row per protocol", () -> {
            List<?> names = rows3d(js);
            return names.containsAll(List.of("ipv4/tcp", "ipv4/udp", "ipv4/icmp", "ipv6/tcp", "ipv6/icmpv6"))
                    && bars3d(js) >= 2 * names.size();
        });
        Thread.sleep(1500);
        Pixels byProtocolPixels = canvas3d(js, PROTOCOL_SHOT);
        assertThat(byProtocolPixels.painted()).as("share of the WebGL canvas's pixels that are not background (" + PROTOCOL_SHOT + ")")
                .isGreaterThan(0.03);
        assertThat(byProtocolPixels.colourful()).as("share of the WebGL canvas's pixels in the bars' colours (" + PROTOCOL_SHOT + ")")
                .isGreaterThan(0.01);

        // The pods view: busiest first, each one's protocol split, the host's network marked.
        showPods(true);
        waitForPods("with the module", List.of(
                List.of("web-0", "default", "ipv4/tcp 99% · ipv4/icmp 1%"),
                List.of("coredns-5d78c9869d-x2x8q", "kube-system", "ipv4/udp 100%"),
                List.of(LabNode.NAMELESS.uid(), "–", "ipv6/icmpv6 100%"),
                List.of("kube-proxy-7xk2phost network", "kube-system", "–")));
        waitForRates(LabNode.WEB, LabNode.DNS, LabNode.NAMELESS);
        assertThat(driver.findElement(By.id("tab-pods-count")).getText()).isEqualTo("4");
        assertThat(js.executeScript("return window.netmon.hostNetworkPods")).asInstanceOf(InstanceOfAssertFactories.LIST)
                .containsExactly(LabNode.PROXY.label());
        // The split chart: a bar per busiest pod, tcp's packets/s received + sent of web-0 among them.
        waitFor("the protocol split should draw web-0's tcp", () -> {
            Object tcp = js.executeScript("const o = echarts.getInstanceByDom(document.getElementById('chart-pod-split')).getOption();"
                    + " const s = o.series.find(s => s.name === 'ipv4/tcp'); const i = o.yAxis[0].data.indexOf('default/web-0');"
                    + " return s && i >= 0 ? s.data[i] : null;");
            double expected = LabNode.WEB.protocols().get(0).rxPackets() + LabNode.WEB.protocols().get(0).txPackets();
            return tcp instanceof Number n && Math.abs(n.doubleValue() - expected) <= 0.25 * expected;
        });
        Files.write(PODS_SHOT, driver.getScreenshotAs(OutputType.BYTES));
        showPods(false);

        // 2. Pods come and go, and the module is unloaded: procfs, without a reload.
        node.churn();
        node.loadModule(false);
        waitFor("the new veth should join the charts and the deleted one leave them", () -> {
            Object names = js.executeScript("return window.netmon.interfaces");
            return names instanceof List<?> list && list.contains(LabNode.APPEARS) && !list.contains(LabNode.VANISHES);
        });
        assertThat(js.executeScript("return window.netmon.interfaces"))
                .asInstanceOf(InstanceOfAssertFactories.LIST).contains("eth0", "eth1", "lo");
        waitForSource("procfs", "netmon.ko not loaded");
        // /proc/net/snmp has one TCP MIB for both families ("ip"), and no bytes.
        waitForProtocols("from /proc/net/snmp", Map.of(
                "ip/tcp", LabNode.packets(null, "tcp", true),
                "ipv4/udp", LabNode.packets("ipv4", "udp", true),
                "ipv4/icmp", LabNode.packets("ipv4", "icmp", true),
                "ipv6/icmpv6", LabNode.packets("ipv6", "icmpv6", true)));
        assertThat(protocolCard(js)).doesNotContainKeys("ipv4/tcp", "ipv6/tcp");
        assertThat(driver.findElement(By.cssSelector("button[data-unit=bytes]")).isEnabled())
                .as("bytes/s per protocol without the module").isFalse();
        assertThat(driver.findElement(By.id("stream")).getText()).contains("live");
        Files.write(PROCFS_SHOT, driver.getScreenshotAs(OutputType.BYTES));
        // coredns is gone from the pods view, web-1 came; their protocols now from /proc/<pid>/net/snmp.
        showPods(true);
        waitForPods("after the churn, without the module", List.of(
                List.of("web-0", "default", "ip/tcp 99% · ipv4/icmp 1%"),
                List.of("web-1", "default", "ip/tcp 100%"),
                List.of(LabNode.NAMELESS.uid(), "–", "ipv6/icmpv6 100%"),
                List.of("kube-proxy-7xk2phost network", "kube-system", "–")));
        waitForRates(LabNode.WEB, LabNode.WEB1, LabNode.NAMELESS);
        showPods(false);

        // 3. The module is back: kmod and its version again, the module's rows in the protocol card.
        node.loadModule(true);
        waitForSource("kmod", "netmon.ko " + LabNode.MODULE_VERSION);
        waitForProtocols("with the module again", Map.of(
                "ipv4/tcp", LabNode.packets("ipv4", "tcp", true),
                "ipv4/udp", LabNode.packets("ipv4", "udp", true),
                "ipv4/icmp", LabNode.packets("ipv4", "icmp", true)));
        // The 3D graph by protocol starts afresh with the module: wait for a second of it, then the artifact.
        waitFor("the 3D graph should hold the module's protocols", () -> rows3d(js).contains("ipv4/tcp")
                && bars3d(js) >= 5 * rows3d(js).size());
        Thread.sleep(1000);
        Files.write(SCREENSHOT, driver.getScreenshotAs(OutputType.BYTES));

        // 4. Reads fail: the stream says so (the server's note in the banner), and the next good sample ends it.
        WebElement notes = driver.findElement(By.id("notes"));
        assertThat(notes.isDisplayed()).as("the notes banner with the module and nothing failed").isFalse();
        node.breakReads(true);
        waitFor("the banner should show the failed read's note from the stream",
                () -> notes.isDisplayed() && notes.getText().startsWith(FAILED_NOTE) && notes.getText().contains("net/dev"));
        Files.write(FAILED_SHOT, driver.getScreenshotAs(OutputType.BYTES));
        node.breakReads(false);
        waitFor("the banner should go with the next good sample", () -> !notes.isDisplayed());
        // Everything after the start came from the stream: /network was read once, never polled.
        assertThat(number(js, "return performance.getEntriesByType('resource')"
                + ".filter(e => new URL(e.name).pathname === '/network').length"))
                .as("requests of /network in " + number(js, "return Math.round(performance.now() / 1000)") + " s").isEqualTo(1);

        // The page checks every answer against the API it reads (contract.js): none broke it.
        assertThat(number(js, "return window.netmon.contractErrors"))
                .as("answers that broke the API contract: " + driver.findElement(By.id("contract")).getDomProperty("textContent"))
                .isZero();
        assertThat(driver.findElement(By.id("contract")).isDisplayed()).as("the contract banner").isFalse();
        List<LogEntry> console = driver.manage().logs().get(LogType.BROWSER).getAll();
        assertThat(console.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList())
                .as("console errors").isEmpty();
        assertThat(points).isGreaterThanOrEqualTo(3);
    }

    /** Shows the pods view (its tab) or the node view. */
    private void showPods(boolean pods) throws IOException {
        driver.findElement(By.id(pods ? "tab-pods" : "tab-node")).click();
        waitFor("the " + (pods ? "pods" : "node") + " view should be shown", () ->
                driver.findElement(By.id("view-pods")).isDisplayed() == pods
                        && driver.findElement(By.id("view-node")).isDisplayed() != pods);
    }

    /** The pod table's rows as written: each one's cells' text. */
    @SuppressWarnings("unchecked")
    private List<List<String>> podTable() {
        return (List<List<String>>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('#pods tbody tr')].map(tr => [...tr.cells].map(td => td.textContent));");
    }

    /** Waits until the pod table has exactly these rows, in this order: pod, namespace and protocol split of each. */
    private void waitForPods(String when, List<List<String>> rows) throws IOException {
        waitFor("the pod table should list " + rows + " " + when + "; it has " + podTable(), () -> {
            List<List<String>> table = podTable();
            return table.size() == rows.size() && java.util.stream.IntStream.range(0, rows.size()).allMatch(i ->
                    List.of(table.get(i).get(0), table.get(i).get(1), table.get(i).get(8)).equals(rows.get(i)));
        });
    }

    /** Waits until the first rows of the pod table show these pods' receive and transmit bytes/s, each within 25 %. */
    private void waitForRates(LabNode.Pod... pods) throws IOException {
        waitFor("the pod table should show the rates of " + Arrays.stream(pods).map(LabNode.Pod::label).toList()
                + "; it has " + podTable(), () -> {
            List<List<String>> table = podTable();
            return table.size() >= pods.length && java.util.stream.IntStream.range(0, pods.length).allMatch(i ->
                    close(rate(table.get(i).get(2)), pods[i].rx()) && close(rate(table.get(i).get(3)), pods[i].tx()));
        });
    }

    private static boolean close(double value, double expected) {
        return Math.abs(value - expected) <= 0.25 * expected;
    }

        /** "302 kB/s" as a number: 302000; NaN for no figure ("–"). */
    private static double rate(String text) {
        String[] parts = text.split(" ");
        if (parts.length != 2) {
            return Double.NaN;
        }
        double scale = switch (parts[1].charAt(0)) {
            case 'k' -> 1e3;
            case 'M' -> 1e6;
            case 'G' -> 1e9;
            default -> 1;
        };
        return Double.parseDouble(parts[0]) * scale;
    }

    /** Waits until the header's badges say this source and module status. */
    private void waitForSource(String source, String module) throws IOException {
        waitFor("the header should say source: " + source + " and " + module, () ->
                driver.findElement(By.id("source")).getText().equals("source: " + source)
                        && driver.findElement(By.id("module")).getText().equals(module)
                        && source.equals(((JavascriptExecutor) driver).executeScript("return window.netmon.source")));
    }

    /** Waits until the protocol card draws each of these rows with its packets/s received within 25 %. */
    private void waitForProtocols(String when, Map<String, Double> received) throws IOException {
        JavascriptExecutor js = driver;
        waitFor("the protocol card should show " + received + " packets/s received " + when, () -> {
            Map<String, Map<String, Double>> card = protocolCard(js);
            return received.entrySet().stream().allMatch(e -> {
                Map<String, Double> row = card.get(e.getKey());
                Double value = row == null ? null : row.get("packets_received");
                return value != null && Math.abs(value - e.getValue()) <= 0.25 * e.getValue();
            });
        });
    }

    /** What the protocol card draws, read back from ECharts: row name -> the series' values of that row. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Double>> protocolCard(JavascriptExecutor js) {
        Object card = js.executeScript("const o = echarts.getInstanceByDom(document.getElementById('chart-proto')).getOption();"
                + " const names = o.yAxis[0].data || []; const out = {};"
                + " names.forEach((name, i) => { out[name] = {};"
                + "   o.series.forEach(s => { const v = s.data[i]; out[name][s.id] = v && typeof v === 'object' ? v.value : v; }); });"
                + " return out;");
        Map<String, Map<String, Double>> rows = new HashMap<>();
        ((Map<String, Map<String, Object>>) card).forEach((name, values) -> {
            Map<String, Double> row = new HashMap<>();
            values.forEach((k, v) -> row.put(k, v instanceof Number n ? n.doubleValue() : null));
            rows.put(name, row);
        });
        return rows;
    }

    /** The rows (interfaces or protocols) of the 3D graph. */
    private static List<?> rows3d(JavascriptExecutor js) {
        Object names = js.executeScript("return echarts.getInstanceByDom(document.getElementById('chart3d'))"
                + ".getOption().yAxis3D[0].data");
        return names instanceof List<?> list ? list : List.of();
    }

    private static long bars3d(JavascriptExecutor js) {
        return number(js, "const o = echarts.getInstanceByDom(document.getElementById('chart3d')).getOption();"
                + " return o.series[0].data.length");
    }

    /**
     * The WebGL canvas alone, saved to {@code file}: ECharts draws its 2D parts (the colour scale) on a
     * canvas above it, hidden for the shot.
     */
    private Pixels canvas3d(JavascriptExecutor js, Path file) throws IOException {
        WebElement gl = (WebElement) js.executeScript("const all = [...document.querySelectorAll('#chart3d canvas')];"
                + " const gl = all.find(c => c.getContext('webgl') || c.getContext('webgl2'));"
                + " all.filter(c => c !== gl).forEach(c => c.style.visibility = 'hidden');"
                + " return gl || null;");
        assertThat(gl).as("a WebGL canvas in the 3D graph").isNotNull();
        byte[] png = gl.getScreenshotAs(OutputType.BYTES);
        js.executeScript("document.querySelectorAll('#chart3d canvas').forEach(c => c.style.visibility = '');");
        Files.write(file, png);
        return Pixels.of(png);
    }

    /**
     * Waits up to 60 s (for a loaded machine: it returns as soon as the condition holds); on
     * timeout saves a screenshot and fails with the console's messages.
     */
    private void waitFor(String what, java.util.function.BooleanSupplier condition) throws IOException {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(100)).until(d -> condition.getAsBoolean());
        } catch (TimeoutException e) {
            Files.write(SCREENSHOT, driver.getScreenshotAs(OutputType.BYTES));
            StringBuilder console = new StringBuilder();
            driver.manage().logs().get(LogType.BROWSER).forEach(entry -> console.append("\n  ").append(entry));
            throw new AssertionError(what + " within 20 s (screenshot: " + SCREENSHOT + "); console:" + console, e);
        }
    }

    private static long number(JavascriptExecutor js, String script) {
        Object value = js.executeScript(script);
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** What a screenshot holds: the share of non-background pixels and of saturated (bar-coloured) ones. */
    record Pixels(double painted, double colourful) {
        static Pixels of(byte[] png) throws IOException {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            int w = image.getWidth();
            int h = image.getHeight();
            Map<Integer, Integer> counts = new HashMap<>();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    counts.merge(image.getRGB(x, y) & 0xffffff, 1, Integer::sum);
                }
            }
            int background = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            long painted = 0;
            long colourful = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = image.getRGB(x, y);
                    if (distance(rgb, background) > 48) {
                        painted++;
                    }
                    int r = rgb >> 16 & 0xff;
                    int g = rgb >> 8 & 0xff;
                    int b = rgb & 0xff;
                    int max = Math.max(r, Math.max(g, b));
                    int min = Math.min(r, Math.min(g, b));
                    if (max > 90 && max - min > 0.45 * max) {
                        colourful++;
                    }
                }
            }
            double total = (double) w * h;
            return new Pixels(painted / total, colourful / total);
        }

        private static int distance(int a, int b) {
            return Math.abs((a >> 16 & 0xff) - (b >> 16 & 0xff)) + Math.abs((a >> 8 & 0xff) - (b >> 8 & 0xff))
                    + Math.abs((a & 0xff) - (b & 0xff));
        }
    }
}
