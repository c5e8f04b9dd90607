package io.netmon.deploy;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization under the repository root with {@code kubectl kustomize} and parses the YAML stream. */
final class Kustomize {

    static final YAMLMapper YAML = new YAMLMapper();

    private static final long TIMEOUT_SECONDS = 60;

    private Kustomize() {}

    /** The repository root: the Maven basedir, which is the working directory under Surefire. */
    static Path repoRoot() {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        if (!Files.isRegularFile(root.resolve("k8s/kustomization.yaml"))) {
            fail("expected k8s/kustomization.yaml under the working directory %s: run the tests from the repository root", root);
        }
        return root;
    }

    /** The rendered objects of {@code dir} (relative to the repository root), in kubectl's order. */
    static List<JsonNode> render(String dir) {
        Path root = repoRoot();
        if (!onPath("kubectl")) {
            fail("kubectl is not on PATH: the manifest tests render k8s/ with `kubectl kustomize`. "
                    + "Install it with `scripts/deps.sh k8s` (Debian's kubernetes-client) or any kubectl >= 1.20.");
        }
        String out;
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process kubectl = new ProcessBuilder("kubectl", "kustomize", dir)
                        .directory(root.toFile())
                        .redirectErrorStream(false)
                        .redirectError(err.toFile())
                        .start();
                out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!kubectl.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    kubectl.destroyForcibly();
                    fail("kubectl kustomize %s did not finish within %d s", dir, TIMEOUT_SECONDS);
                }
                if (kubectl.exitValue() != 0) {
                    fail("kubectl kustomize %s exited %d:%n%s", dir, kubectl.exitValue(), Files.readString(err));
                }
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run kubectl kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering " + dir, e);
        }
        return parse(out);
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** The non-empty documents of a multi-document YAML stream. */
    static List<JsonNode> parse(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("kubectl kustomize printed YAML that does not parse", e);
        }
        return docs;
    }

    /** A YAML file of the repository, parsed. */
    static JsonNode readYaml(String file) {
        try {
            return YAML.readTree(repoRoot().resolve(file).toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /** The only object of {@code kind} among {@code docs}. */
    static JsonNode only(List<JsonNode> docs, String kind) {
        List<JsonNode> found = docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        if (found.size() != 1) {
            fail("expected exactly one %s, found %d", kind, found.size());
        }
        return found.get(0);
    }

    /** Every container of a pod spec, init containers first. */
    static List<JsonNode> allContainers(JsonNode podSpec) {
        List<JsonNode> all = new ArrayList<>();
        podSpec.path("initContainers").forEach(all::add);
        podSpec.path("containers").forEach(all::add);
        return all;
    }

    /** The container called {@code name} in {@code list} (containers or initContainers). */
    static JsonNode container(JsonNode list, String name) {
        for (JsonNode c : list) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return fail("no container named %s in %s", name, list);
    }

    /** The value of environment variable {@code name} in a container, or null. */
    static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e.path("value").asText();
            }
        }
        return null;
    }

    /** The image reference the kustomization's {@code images:} entry for {@code name} produces. */
    static String imageFromKustomization(JsonNode kustomization, String name) {
        for (JsonNode image : kustomization.path("images")) {
            if (name.equals(image.path("name").asText())) {
                return image.path("newName").asText(name) + ":" + image.path("newTag").asText();
            }
        }
        return fail("no images: entry named %s in %s", name, kustomization);
    }
}
