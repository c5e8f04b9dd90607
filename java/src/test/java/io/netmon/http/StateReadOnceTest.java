package io.netmon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.netmon.source.Counts;
import io.netmon.source.Family;
import io.netmon.source.InterfaceStats;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import io.netmon.source.Source;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every answer comes from one read of the sampler's state: a sampler whose state changes between
 * two reads (a good sample, then a failed read with another sample's figures) is read once per
 * request, and the answer is the first state's alone.
 */
class StateReadOnceTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private static Snapshot sample(long sequence, long loBytes) {
        InterfaceStats lo = InterfaceStats.of("lo", loBytes, 1, 0, 0, 0, 0, 0, 0, loBytes, 1, 0, 0, 0, 0, 0, 0);
        return Snapshot.of(sequence, T0.plusSeconds(sequence), sequence, Source.KMOD, List.of(lo),
                List.of(new ProtocolStats(ProtocolStats.ALL, Family.IPV4, 6, new Counts(loBytes, 1, loBytes, 1))),
                new Snapshot.ModuleInfo(1, "0.1.0"));
    }

    private static String get(Router router, String target) {
        FullHttpResponse response = router.respond(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target));
        try {
            return response.status().code() + " " + response.content().toString(StandardCharsets.UTF_8);
        } finally {
            response.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/network", "/network?interface=lo&protocol=tcp", "/network/interfaces/lo", "/network/protocols",
        "/network/protocols/tcp?interface=lo", "/network/history?interface=lo", "/readyz"})
    void eachRequestReadsTheStateOnceAndAnswersFromThatState(String target) {
        Sampler sampler = mock(Sampler.class);
        when(sampler.state()).thenReturn(new Sampler.State(sample(1, 1000), null),
                new Sampler.State(sample(2, 9999), "the read after it failed"));
        Router router = Api.router(sampler, Live.attach(sampler, LiveOptions.defaults(Duration.ofSeconds(1))));
        String answer = get(router, target);
        verify(sampler, times(1)).state();
        assertThat(answer).startsWith("200 ").doesNotContain("9999").doesNotContain("failed");
    }

    @Test
    void aStreamFilteredByInterfaceReadsTheStateOnce() {
        Sampler sampler = mock(Sampler.class);
        when(sampler.state()).thenReturn(new Sampler.State(sample(1, 1000), null), Sampler.State.EMPTY);
        Router router = Api.router(sampler, Live.attach(sampler, LiveOptions.defaults(Duration.ofSeconds(1))));
        FullHttpResponse head = router.respond(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.HEAD,
                "/network/stream?interface=lo"));
        verify(sampler, times(1)).state();
        assertThat(head.status().code()).isEqualTo(200);
        head.release();
    }

    @Test
    void notReadyIsAnsweredFromTheOneStateToo() {
        Sampler sampler = mock(Sampler.class);
        when(sampler.state()).thenReturn(new Sampler.State(null, "cannot read net/dev"), new Sampler.State(sample(1, 1000), null));
        Router router = Api.router(sampler, Live.attach(sampler, LiveOptions.defaults(Duration.ofSeconds(1))));
        assertThat(get(router, "/network")).isEqualTo("503 {\"error\":\"no sample yet: cannot read net/dev\"}\n");
        verify(sampler, times(1)).state();
    }
}
