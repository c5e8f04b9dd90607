package io.netmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Accept-Encoding as the dashboard and /metrics read it, and the bytes they send. */
class GzipTest {
    @Test
    void acceptEncodingParsing() {
        assertThat(Gzip.accepted(null)).isFalse();
        assertThat(Gzip.accepted("gzip, deflate, br")).isTrue();
        assertThat(Gzip.accepted("GZIP;q=0.5")).isTrue();
        assertThat(Gzip.accepted("gzip;q=0")).isFalse();
        assertThat(Gzip.accepted("gzip; q=0.000")).isFalse();
        assertThat(Gzip.accepted("br, deflate")).isFalse();
        assertThat(Gzip.accepted("deflate, gzip;q=0.8")).isTrue();
    }

    @Test
    void compressedBytesGiveTheBodyBack() throws IOException {
        byte[] body = "netmon_interfaces 4.0\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        byte[] zipped = Gzip.compress(body);
        assertThat(zipped.length).isLessThan(body.length / 10);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped))) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
    }
}
