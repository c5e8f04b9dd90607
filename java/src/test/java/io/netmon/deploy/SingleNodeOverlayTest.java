package io.netmon.deploy;

import static io.netmon.deploy.Kustomize.allContainers;
import static io.netmon.deploy.Kustomize.only;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The seed's single-node form, `kubectl apply -k k8s/overlays/single-node/`: one Deployment on one node. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class SingleNodeOverlayTest {

    private List<JsonNode> overlay;
    private List<JsonNode> base;
    private JsonNode deployment;

    @BeforeAll
    void render() {
        overlay = Kustomize.render("k8s/overlays/single-node");
        base = Kustomize.render("k8s");
        deployment = only(overlay, "Deployment");
    }

    @Test
    void rendersADeploymentAndNoDaemonSet() {
        assertThat(overlay).extracting(d -> d.path("kind").asText())
                .containsExactlyInAnyOrder("Namespace", "ServiceAccount", "Service", "Deployment")
                .doesNotContain("DaemonSet");
    }

    @Test
    void deploymentRunsOneReplicaPinnedToOneNode() {
        JsonNode spec = deployment.path("spec");
        assertThat(spec.path("replicas").asInt()).isEqualTo(1);
        assertThat(spec.path("strategy").path("type").asText())
                .as("the old pod must free port 3000 on the node first").isEqualTo("Recreate");
        assertThat(spec.has("updateStrategy")).isFalse();
        assertThat(spec.path("template").path("spec").path("nodeSelector").path("kubernetes.io/hostname").asText())
                .isNotBlank();
    }

    @Test
    void deploymentKeepsTheDaemonSetPodSpecApartFromTheNodeName() {
        JsonNode daemonSetTemplate = only(base, "DaemonSet").path("spec").path("template");
        ObjectNode pinned = deployment.path("spec").path("template").deepCopy();
        ((ObjectNode) pinned.path("spec").path("nodeSelector")).remove("kubernetes.io/hostname");
        assertThat(pinned).isEqualTo(daemonSetTemplate);
        assertThat(pinned.path("spec").path("hostNetwork").asBoolean()).isTrue();
    }

    @Test
    void deploymentUsesTheImagesNamedOnceInTheBaseKustomization() {
        JsonNode kustomization = Kustomize.readYaml("k8s/base/kustomization.yaml");
        assertThat(allContainers(deployment.path("spec").path("template").path("spec")))
                .extracting(c -> c.path("image").asText())
                .containsExactly(Kustomize.imageFromKustomization(kustomization, "netmon-loader"),
                        Kustomize.imageFromKustomization(kustomization, "netmon"));
    }

    @Test
    void serviceIsTheBaseOne() {
        assertThat(only(overlay, "Service")).isEqualTo(only(base, "Service"));
    }
}
