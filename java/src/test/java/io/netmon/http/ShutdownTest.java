package io.netmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link NetmonServer#close()} returns even when an event loop never gives its thread back. */
class ShutdownTest {
    /** A handler stuck for good: it does not even give up when interrupted. */
    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                // stuck on purpose
            }
        }
    }

    @Test
    void closeReturnsWhileAHandlerIsStuck() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Router router = Router.builder().get("/stuck", request -> {
            entered.countDown();
            awaitIgnoringInterrupts(release);
            return Responses.error(HttpResponseStatus.OK, "released");
        }).build();
        NetmonServer server = NetmonServer.start(new InetSocketAddress("127.0.0.1", 0), router);
        try (RawConnection connection = new RawConnection(server.port())) {
            connection.send("GET /stuck HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(entered.await(RawConnection.PATIENCE_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
            Thread closer = new Thread(server::close, "test-close");
            closer.start();
            closer.join(60_000);
            assertThat(closer.isAlive()).as("close() is still waiting for the stuck event loop").isFalse();
        } finally {
            release.countDown();
        }
    }
}
