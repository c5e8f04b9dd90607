package io.netmon.monitoring;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.netmon.metrics.Promtool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring bundle under {@code monitoring/}, read as its users' tools read it: the rules'
 * expressions, the dashboard's queries (with Grafana's variables put in), the scrape job.
 */
final class Bundle {
    static final Path ROOT = Path.of("monitoring");
    static final Path RULES = ROOT.resolve("prometheus/netmon.rules.yml");
    static final Path RULES_TEST = ROOT.resolve("prometheus/netmon.rules.test.yml");
    static final Path PROMETHEUS_YML = ROOT.resolve("prometheus/prometheus.yml");
    static final Path DASHBOARD = ROOT.resolve("grafana/netmon.json");
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    static final YAMLMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();

    private Bundle() {
    }

    /** One PromQL expression of the bundle and where it is. */
    record Query(String where, String expr) {
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    static JsonNode dashboard() {
        try {
            return JSON.readTree(DASHBOARD.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + DASHBOARD, e);
        }
    }

    /** Every rule of every group, in file order. */
    static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : yaml(RULES).path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        return rules;
    }

    /** The alerting rules: name → expression, in file order. */
    static Map<String, String> alerts() {
        return named("alert");
    }

    /** The recording rules: the name they record → expression, in file order. */
    static Map<String, String> records() {
        return named("record");
    }

    private static Map<String, String> named(String kind) {
        Map<String, String> named = new LinkedHashMap<>();
        for (JsonNode rule : rules()) {
            if (rule.has(kind)) {
                named.put(rule.path(kind).asText(), rule.path("expr").asText().strip());
            }
        }
        return named;
    }

    /** Every panel of the dashboard that draws something (rows left out), nested rows' panels included. */
    static List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            if (!"row".equals(panel.path("type").asText())) {
                panels.add(panel);
            }
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** Every query of the dashboard, its panels' targets and its variables', as Grafana would send them. */
    static List<Query> dashboardQueries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query("panel \"" + panel.path("title").asText() + "\" " + target.path("refId").asText(),
                        grafana(target.path("expr").asText())));
            }
        }
        for (JsonNode variable : dashboard().path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                queries.add(new Query("variable $" + variable.path("name").asText(),
                        grafana(labelValuesSelector(variable.path("query").path("query").asText()))));
            }
        }
        return queries;
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*([a-z_]+)\\)");

    /** The series selector of a variable's {@code label_values(selector, label)}: Grafana asks Prometheus for it. */
    static String labelValuesSelector(String query) {
        Matcher m = LABEL_VALUES.matcher(query);
        if (!m.matches()) {
            fail("a dashboard variable's query is not label_values(selector, label): %s", query);
        }
        return m.group(1);
    }

    /** The variables the tests give the dashboard: every node and interface, and a rate window of a few scrapes. */
    static final Map<String, String> VARIABLES = Map.of("$node", ".+", "$device", ".+", "$__rate_interval", "10s");

    /** {@code expr} with the dashboard's variables replaced; any other {@code $} is an unknown variable. */
    static String grafana(String expr) {
        String out = expr;
        for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
            out = out.replace(variable.getKey(), variable.getValue());
        }
        if (out.contains("$")) {
            fail("the dashboard uses a variable it does not define: %s", expr);
        }
        return out;
    }

    /**
     * {@code expr} with {@code bool} after each comparison outside label matchers: every series of
     * its operands that match each other is kept, at 0 or 1, so that an alert that is not firing
     * still says whether its metrics exist and its joins match. (No rule of ours uses
     * {@code unless}, which would then keep nothing.)
     */
    static String withBool(String expr) {
        StringBuilder out = new StringBuilder();
        int braces = 0;
        boolean quoted = false;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            out.append(c);
            if (quoted) {
                if (c == '\\') {
                    out.append(expr.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> quoted = true;
                case '{' -> braces++;
                case '}' -> braces--;
                default -> {
                    if (braces == 0 && (c == '>' || c == '<' || ((c == '=' || c == '!') && next(expr, i) == '='))) {
                        if (next(expr, i) == '=') {
                            out.append(expr.charAt(++i));
                        }
                        if (!expr.startsWith("bool", skipSpaces(expr, i + 1))) {
                            out.append(" bool");
                        }
                    }
                }
            }
        }
        return out.toString();
    }

    private static char next(String s, int i) {
        return i + 1 < s.length() ? s.charAt(i + 1) : 0;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** What a program said and how it exited. */
    record Run(int exitCode, String output) {
    }

    /** Runs {@code program} in the repository root, output and errors together; fails the test when the program is missing. */
    static Run run(Path program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Promtool.executable(program));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("%s did not finish within 120 s", command);
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /**
     * The shipped scrape job with Kubernetes' pod discovery swapped for a file of targets that carry
     * the same {@code __meta_kubernetes_*} labels (Debian builds Prometheus without Kubernetes
     * discovery), every relabeling kept as shipped.
     */
    static ObjectNode scrapeJob(Path targets, String scrapeInterval) {
        JsonNode shipped = yaml(PROMETHEUS_YML);
        ObjectNode job = null;
        for (JsonNode candidate : shipped.path("scrape_configs")) {
            if ("netmon".equals(candidate.path("job_name").asText())) {
                job = (ObjectNode) candidate.deepCopy();
            }
        }
        if (job == null) {
            fail("%s has no job_name: netmon", PROMETHEUS_YML);
        }
        if (!job.has("kubernetes_sd_configs")) {
            fail("the netmon job of %s does not discover pods", PROMETHEUS_YML);
        }
        job.remove("kubernetes_sd_configs");
        ObjectNode fileSd = job.putArray("file_sd_configs").addObject();
        fileSd.putArray("files").add(targets.toAbsolutePath().toString());
        fileSd.put("refresh_interval", "1s");
        job.put("scrape_interval", scrapeInterval);
        return job;
    }
}
