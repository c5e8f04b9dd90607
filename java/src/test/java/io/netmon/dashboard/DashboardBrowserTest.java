package io.netmon.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import javax.imageio.ImageIO;
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
 * advance: no console errors, live points in the 2D charts, a 3D graph that is not blank.
 * Writes target/dashboard-screenshot.png. Never downloads a browser or a driver: without
 * /usr/bin/chromium and /usr/bin/chromedriver it fails and says how to install them.
 */
@Timeout(120)
class DashboardBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOT = Path.of("target/dashboard-screenshot.png");
    static final Path CANVAS_SHOT = Path.of("target/dashboard-3d.png");

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
        node = LabNode.start(tmp.resolve("proc"), Duration.ofMillis(200));

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
    void showsLiveTrafficIn2DAnd3DWithoutConsoleErrors() throws Exception {
        driver.get(node.url("/"));
        JavascriptExecutor js = driver;

        assertThat(js.executeScript("const c = document.createElement('canvas');"
                + " return !!(c.getContext('webgl2') || c.getContext('webgl'));"))
                .as("WebGL in headless Chromium (SwiftShader)").isEqualTo(true);

        waitFor("the 2D charts should receive three live points from /network/stream",
                () -> number(js, "return window.netmon ? window.netmon.pointsReceived : 0") >= 3);
        long points = number(js, "return window.netmon.pointsReceived");
        // What the charts hold, read back from ECharts itself: every drawn series has the live points.
        long drawn = number(js, "const o = echarts.getInstanceByDom(document.getElementById('chart-rx')).getOption();"
                + " return Math.min(...o.series.map(s => s.data.length));");
        assertThat(drawn).as("points in every receive series").isGreaterThanOrEqualTo(3);
        // Interfaces come and go without a reload.
        assertThat(js.executeScript("return window.netmon.interfaces"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains(LabNode.VANISHES).doesNotContain(LabNode.APPEARS);
        node.churn();
        waitFor("the new veth should join the charts and the deleted one leave them", () -> {
            Object names = js.executeScript("return window.netmon.interfaces");
            return names instanceof List<?> list && list.contains(LabNode.APPEARS) && !list.contains(LabNode.VANISHES);
        });
        assertThat(js.executeScript("return window.netmon.interfaces"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).contains("eth0", "eth1", "lo");
        assertThat(driver.findElement(By.id("source")).getText()).isEqualTo("source: procfs");
        assertThat(driver.findElement(By.id("stream")).getText()).contains("live");

        // The 3D graph redraws every 2 s; wait until it holds bars, then let WebGL paint them.
        waitFor("the 3D graph should hold bars",
                () -> number(js, "const o = echarts.getInstanceByDom(document.getElementById('chart3d')).getOption();"
                        + " return o.series[0].data.length") > 0);
        Thread.sleep(1500);

        byte[] page = driver.getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOT, page);

        // The WebGL canvas alone: ECharts draws its 2D parts (the colour scale) on a canvas above it, hidden here.
        WebElement gl = (WebElement) js.executeScript("const all = [...document.querySelectorAll('#chart3d canvas')];"
                + " const gl = all.find(c => c.getContext('webgl') || c.getContext('webgl2'));"
                + " all.filter(c => c !== gl).forEach(c => c.style.visibility = 'hidden');"
                + " return gl || null;");
        assertThat(gl).as("a WebGL canvas in the 3D graph").isNotNull();
        byte[] canvasPng = gl.getScreenshotAs(OutputType.BYTES);
        js.executeScript("document.querySelectorAll('#chart3d canvas').forEach(c => c.style.visibility = '');");
        Files.write(CANVAS_SHOT, canvasPng);
        Pixels pixels = Pixels.of(canvasPng);
        assertThat(pixels.painted()).as("share of the WebGL canvas's pixels that are not background (" + CANVAS_SHOT + ")")
                .isGreaterThan(0.03);
        assertThat(pixels.colourful()).as("share of the WebGL canvas's pixels in the bars' colours (" + CANVAS_SHOT + ")")
                .isGreaterThan(0.01);
        List<LogEntry> console = driver.manage().logs().get(LogType.BROWSER).getAll();
        assertThat(console.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList())
                .as("console errors").isEmpty();
        assertThat(points).isGreaterThanOrEqualTo(3);
    }

    /** Waits up to 20 s; on timeout saves a screenshot and fails with the console's messages. */
    private void waitFor(String what, java.util.function.BooleanSupplier condition) throws IOException {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100)).until(d -> condition.getAsBoolean());
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
