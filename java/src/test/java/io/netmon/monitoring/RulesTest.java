package io.netmon.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped rules and scrape configuration, through Prometheus' own promtool. */
class RulesTest {

    @Test
    void promtoolChecksTheRules() {
        Bundle.Run run = Bundle.run(Bundle.PROMTOOL, "check", "rules", Bundle.RULES.toString());
        assertThat(run.output()).contains("SUCCESS: " + Bundle.rules().size() + " rules found");
        assertThat(run.exitCode()).isZero();
        assertThat(Bundle.alerts().keySet()).containsExactly("NetmonDown", "NetmonSamplingFailing", "NetmonSamplesStale",
                "NetmonModuleNotLoaded", "NetmonModuleUnloaded", "NetmonInterfaceErrors", "NetmonInterfaceDrops",
                "NetmonProtocolRateUnusual");
    }

    @Test
    void theUnitTestsOfEveryAlertPass() {
        Bundle.Run run = Bundle.run(Bundle.PROMTOOL, "test", "rules", Bundle.RULES_TEST.toString());
        assertThat(run.output()).contains("SUCCESS");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void everyAlertHasACaseThatFiresAndOneThatDoesNot() {
        Set<String> fires = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (JsonNode test : Bundle.yaml(Bundle.RULES_TEST).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                String alert = check.path("alertname").asText();
                (check.path("exp_alerts").isEmpty() ? silent : fires).add(alert);
            }
        }
        Set<String> alerts = new TreeSet<>(Bundle.alerts().keySet());
        assertThat(fires).as("alerts with a case that fires").isEqualTo(alerts);
        assertThat(silent).as("alerts with a case that must not fire").isEqualTo(alerts);
    }

    @Test
    void everyRuleCarriesTheLabelsAndWordsAnAlertManagerShows() {
        for (JsonNode rule : Bundle.rules()) {
            if (rule.has("alert")) {
                assertThat(rule.path("labels").path("severity").asText()).as(rule.path("alert").asText())
                        .isIn("info", "warning", "critical");
                assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
                assertThat(rule.path("annotations").path("description").asText()).isNotBlank();
            } else {
                assertThat(rule.path("record").asText()).as("level:metric:operations").matches("[a-z_]+:netmon_[a-z_]+:[a-z0-9_]+");
            }
        }
    }

    @Test
    void theScrapeJobIsAValidConfiguration(@TempDir Path dir) throws Exception {
        Path targets = Files.writeString(dir.resolve("targets.json"), "[]");
        ObjectNode config = Bundle.YAML.createObjectNode();
        config.putArray("scrape_configs").add(Bundle.scrapeJob(targets, "15s"));
        Path file = dir.resolve("prometheus.yml");
        Bundle.YAML.writeValue(file.toFile(), config);
        Bundle.Run run = Bundle.run(Bundle.PROMTOOL, "check", "config", file.toString());
        assertThat(run.output()).contains("SUCCESS");
        assertThat(run.exitCode()).as(run.output()).isZero();
        // what the shipped job keeps of a target: the node's name and the job, nothing of the pod
        JsonNode relabels = config.path("scrape_configs").get(0).path("relabel_configs");
        assertThat(relabels.findValuesAsText("target_label")).containsExactly("__metrics_path__", "__address__", "node");
    }

    @Test
    void theRulesReadOnlyDocumentedMetrics() {
        Map<String, String> expressions = new java.util.LinkedHashMap<>(Bundle.alerts());
        expressions.putAll(Bundle.records());
        Set<String> documented = MetricsDocTest.documentedMetrics();
        for (Map.Entry<String, String> rule : expressions.entrySet()) {
            for (String metric : MetricsDocTest.metricsIn(rule.getValue())) {
                assertThat(documented).as("%s reads %s", rule.getKey(), metric).contains(MetricsDocTest.family(metric));
            }
        }
    }
}
