package io.netmon.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard's shape: what Grafana needs to import it and what one dashboard for a whole cluster needs. */
class DashboardTest {
    private final JsonNode dashboard = Bundle.dashboard();

    @Test
    void rowsGoFromTheNodeToItsInterfacesProtocolsAndPods() {
        List<String> rows = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                rows.add(panel.path("title").asText());
            }
        }
        assertThat(rows).containsExactly("Node", "Interfaces", "Protocols", "Pods");
        assertThat(dashboard.path("uid").asText()).isEqualTo("netmon-cluster");
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    }

    @Test
    void oneDashboardServesEveryNodeThroughItsVariables() {
        List<String> names = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            names.add(variable.path("name").asText());
        }
        assertThat(names).containsExactly("datasource", "node", "device");
        JsonNode node = dashboard.path("templating").path("list").get(1);
        assertThat(node.path("query").path("query").asText()).isEqualTo("label_values(netmon_build_info, node)");
        assertThat(node.path("multi").asBoolean()).isTrue();
        assertThat(node.path("includeAll").asBoolean()).isTrue();
        for (JsonNode panel : Bundle.panels()) {
            String title = panel.path("title").asText();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                assertThat(refIds.add(target.path("refId").asText())).as("%s: refId %s once", title, target.path("refId")).isTrue();
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                assertThat(target.path("expr").asText()).as("%s selects by node", title).contains("node=~\"$node\"");
            }
        }
    }

    @Test
    void panelsHaveUniqueIdsAndDoNotOverlapOnTheGrid() {
        Set<Integer> ids = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("id %s once", panel.path("id")).isTrue();
            JsonNode g = panel.path("gridPos");
            int[] box = {g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()};
            assertThat(box[0] + box[2]).as("%s fits 24 columns", panel.path("title")).isLessThanOrEqualTo(24);
            assertThat(box[2]).isPositive();
            assertThat(box[3]).isPositive();
            for (int[] other : boxes) {
                boolean apart = box[0] >= other[0] + other[2] || other[0] >= box[0] + box[2]
                        || box[1] >= other[1] + other[3] || other[1] >= box[1] + box[3];
                assertThat(apart).as("%s overlaps another panel", panel.path("title")).isTrue();
            }
            boxes.add(box);
        }
    }

    @Test
    void everyInterfaceCounterAndEveryRecordedSeriesIsDrawn() {
        StringBuilder all = new StringBuilder();
        Bundle.dashboardQueries().forEach(q -> all.append(q.expr()).append('\n'));
        Set<String> drawn = MetricsDocTest.metricsIn(all.toString());
        assertThat(drawn.stream().filter(m -> m.startsWith("netmon_interface_") && !m.contains("protocol"))).hasSize(16);
        for (String record : Bundle.records().keySet()) {
            assertThat(all.toString()).as("drawn: %s", record).contains(record + "{");
        }
    }
}
