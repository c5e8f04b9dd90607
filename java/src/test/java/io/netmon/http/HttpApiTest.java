package io.netmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmon.view.ProtocolRows;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpApiTest {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private FixtureNode node;

    @BeforeEach
    void start(@TempDir Path root) throws Exception {
        node = new FixtureNode(root);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return node.get(pathAndQuery);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        return MAPPER.readTree(response.body());
    }

    private static List<String> names(JsonNode network) {
        return StreamSupport.stream(network.get("interfaces").spliterator(), false)
                .map(i -> i.get("interface").asText()).toList();
    }

    @Test
    void networkServesEveryCounterOfEveryInterfaceExactly() throws Exception {
        node.sampler.sampleOnce();
        HttpResponse<String> response = get("/network");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("source").asText()).isEqualTo("procfs");
        assertThat(body.get("timestamp").asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(names(body)).containsExactly("lo", "eth0", "veth1a2b3c4", "eth0.100");
        JsonNode eth0 = body.get("interfaces").get(1);
        assertThat(eth0.toString()).isEqualTo("{\"interface\":\"eth0\",\"bytes_received\":289878558,"
                + "\"packets_received\":8584,\"errors_received\":1,\"drops_received\":2,\"fifo_received\":3,"
                + "\"frame_received\":4,\"compressed_received\":5,\"multicast_received\":6,\"bytes_sent\":439342,"
                + "\"packets_sent\":4872,\"errors_sent\":7,\"drops_sent\":8,\"fifo_sent\":9,\"collisions_sent\":10,"
                + "\"carrier_sent\":11,\"compressed_sent\":12}");
        JsonNode veth = body.get("interfaces").get(2);
        assertThat(veth.get("bytes_received").isIntegralNumber()).isTrue();
        assertThat(veth.get("bytes_received").bigIntegerValue()).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(veth.get("packets_received").bigIntegerValue()).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(response.body()).contains("\"bytes_received\":18446744073709551615");
    }

    @Test
    void interfaceFilterAcceptsRepeatsAndCommasAndKeepsKernelOrder() throws Exception {
        node.sampler.sampleOnce();
        assertThat(names(json(get("/network?interface=eth0")))).containsExactly("eth0");
        assertThat(names(json(get("/network?interface=eth0.100,lo")))).containsExactly("lo", "eth0.100");
        assertThat(names(json(get("/network?interface=eth0.100&interface=lo&interface=lo")))).containsExactly("lo", "eth0.100");
    }

    @Test
    void unknownInterfaceIs404WithAJsonError() throws Exception {
        node.sampler.sampleOnce();
        HttpResponse<String> response = get("/network?interface=eth0,wlan9");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("no interface named 'wlan9'");
        HttpResponse<String> one = get("/network/interfaces/wlan9");
        assertThat(one.statusCode()).isEqualTo(404);
        assertThat(json(one).get("error").asText()).isEqualTo("no interface named 'wlan9'");
    }

    @Test
    void oneInterfaceByName() throws Exception {
        node.sampler.sampleOnce();
        HttpResponse<String> response = get("/network/interfaces/lo");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode lo = json(response);
        assertThat(lo.get("interface").asText()).isEqualTo("lo");
        assertThat(lo.get("bytes_received").asLong()).isEqualTo(143205148L);
        assertThat(lo.get("packets_sent").asLong()).isEqualTo(812345L);
    }

    @Test
    void badQueriesAre400WithAJsonError() throws Exception {
        node.sampler.sampleOnce();
        for (String target : List.of("/network?interfce=eth0", "/network?interface=", "/network?interface=lo,,eth0",
                "/healthz?verbose=1")) {
            HttpResponse<String> response = get(target);
            assertThat(response.statusCode()).as(target).isEqualTo(400);
            assertThat(json(response).get("error").asText()).as(target).isNotBlank();
        }
        assertThat(json(get("/network?interfce=eth0")).get("error").asText())
                .startsWith("unknown query parameter 'interfce'; accepted: ")
                .contains("interface").contains("protocol").contains("family");
    }

    @Test
    void unknownPathIs404AndOtherMethodsAre405WithAllow() throws Exception {
        HttpResponse<String> missing = get("/nowhere");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).isEqualTo("no such path: /nowhere");
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url("/network")))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("allow")).hasValue("GET, HEAD");
            assertThat(json(response).get("error").asText()).startsWith("method " + method + " not allowed");
        }
    }

    @Test
    void headAnswersHeadersOnly() throws Exception {
        node.sampler.sampleOnce();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url("/network")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(Long.parseLong(response.headers().firstValue("content-length").orElseThrow()))
                .isEqualTo(get("/network").body().length());
    }

    @Test
    void readyOnlyOnceTheFirstSampleExists() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> notReady = get("/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(get("/network").statusCode()).isEqualTo(503);
        assertThat(json(get("/network")).get("error").asText()).isEqualTo("no sample yet; the first is on its way");
        node.sampler.sampleOnce();
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("samples").asLong()).isEqualTo(1);
    }

    @Test
    void answersFollowTheCountersAsTheyMove() throws Exception {
        node.sampler.sampleOnce();
        String moved = Files.readString(FixtureNode.LAB_NODE).replace("143205148  812345", "143209000  812399");
        node.writeDev(moved);
        node.sampler.sampleOnce();
        JsonNode lo = json(get("/network/interfaces/lo"));
        assertThat(lo.get("bytes_received").asLong()).isEqualTo(143209000L);
        assertThat(lo.get("packets_received").asLong()).isEqualTo(812399L);
    }

    @Test
    void aFailedReadKeepsTheLastGoodSampleAndSaysSo() throws Exception {
        node.sampler.sampleOnce();
        node.writeDev("Inter-|\n face |\n    lo: 1 2 3\n");
        node.sampler.sampleOnce();
        HttpResponse<String> response = get("/network");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(names(body)).containsExactly("lo", "eth0", "veth1a2b3c4", "eth0.100");
        assertThat(body.get("notes").get(0).asText()).isEqualTo(ProtocolRows.PROCFS_NOTE);
        assertThat(body.get("notes").get(1).asText())
                .startsWith("the latest read failed, figures are from the sample before it: ")
                .contains("line 3");
    }

    @Test
    void noSampleAndBrokenFileIs503SayingWhy() throws Exception {
        node.writeDev("garbage\n");
        Files.delete(node.procRoot.resolve("net/dev"));
        node.sampler.sampleOnce();
        HttpResponse<String> response = get("/network");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).get("error").asText()).startsWith("no sample yet: ").contains("net/dev");
    }
}
