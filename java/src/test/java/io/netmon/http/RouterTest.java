package io.netmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The router alone, in an embedded channel: dispatch and error shapes without sockets. */
class RouterTest {
    private static final Router ROUTER = Router.builder()
            .get("/exact", request -> Responses.error(HttpResponseStatus.OK, "exact"))
            .getBelow("/items/", request -> Responses.error(HttpResponseStatus.OK, "item " + request.path()))
            .getBelow("/items/special/", request -> Responses.error(HttpResponseStatus.OK, "special"))
            .get("/boom", request -> {
                throw new IllegalStateException("a detail for the log only");
            })
            .build();

    private static String exchange(String raw) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(1024), ROUTER);
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            io.netty.buffer.ByteBuf buf = (io.netty.buffer.ByteBuf) message;
            out.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        channel.finishAndReleaseAll();
        return out.toString();
    }

    @Test
    void exactAndLongestPrefixRoutesWin() {
        assertThat(exchange("GET /exact HTTP/1.1\r\nHost: x\r\n\r\n")).endsWith("{\"error\":\"exact\"}\n");
        assertThat(exchange("GET /items/a HTTP/1.1\r\n\r\n")).endsWith("{\"error\":\"item /items/a\"}\n");
        assertThat(exchange("GET /items/special/b HTTP/1.1\r\n\r\n")).endsWith("{\"error\":\"special\"}\n");
        assertThat(exchange("GET /items/ HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 404");
    }

    @Test
    void aRequestNettyCannotDecodeIs400AndCloses() {
        String response = exchange("GET /exact HTTP/1.1\r\nBad Header Without Colon\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request")
                .containsIgnoringCase("connection: close")
                .contains("{\"error\":\"malformed HTTP request: ");
    }

    @Test
    void malformedPercentEscapeIs400() {
        assertThat(exchange("GET /exact?interface=%zz HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request")
                .contains("{\"error\":\"malformed request target: ");
    }

    @Test
    void oversizedRequestIsRejected() {
        String big = "GET /exact HTTP/1.1\r\nContent-Length: 5000\r\n\r\n" + "x".repeat(5000);
        assertThat(exchange(big)).startsWith("HTTP/1.1 413");
    }

    @Test
    void aFailureNobodyForesawIs500WithoutItsClassOrMessage() {
        String response = exchange("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 500 Internal Server Error").endsWith("\r\n\r\n{\"error\":\"internal error\"}\n");
    }

    @Test
    void respondBuildsCompleteResponses() {
        FullHttpResponse response = ROUTER.respond(new io.netty.handler.codec.http.DefaultFullHttpRequest(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpMethod.DELETE, "/exact"));
        assertThat(response.status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        assertThat(response.headers().get("allow")).isEqualTo("GET, HEAD");
        assertThat(response.headers().getInt("content-length")).isEqualTo(response.content().readableBytes());
        response.release();
    }

    @Test
    void aStreamRouteTakesTheConnectionOverAndLaterRequestsOnItAreIgnored() {
        Router router = Router.builder()
                .get("/exact", request -> Responses.error(HttpResponseStatus.OK, "exact"))
                .stream("/events", new StreamHandler() {
                    @Override
                    public void open(Request request, io.netty.channel.ChannelHandlerContext ctx,
                            io.netty.handler.codec.http.HttpVersion version) {
                        ctx.channel().attr(Router.STREAMING).set(Boolean.TRUE);
                        io.netty.handler.codec.http.HttpResponse head = new io.netty.handler.codec.http.DefaultHttpResponse(
                                version, HttpResponseStatus.OK);
                        io.netty.handler.codec.http.HttpUtil.setTransferEncodingChunked(head, true);
                        ctx.write(head);
                        ctx.writeAndFlush(new io.netty.handler.codec.http.DefaultHttpContent(
                                Unpooled.copiedBuffer("data: 1\n\n", StandardCharsets.UTF_8)));
                    }

                    @Override
                    public FullHttpResponse head(Request request) {
                        return Responses.error(HttpResponseStatus.OK, "head");
                    }
                })
                .build();
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(1024), router);
        channel.writeInbound(Unpooled.copiedBuffer("GET /events HTTP/1.1\r\n\r\nGET /exact HTTP/1.1\r\n\r\n",
                StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            io.netty.buffer.ByteBuf buf = (io.netty.buffer.ByteBuf) message;
            out.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        channel.finishAndReleaseAll();
        assertThat(out.toString()).isEqualTo("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n9\r\ndata: 1\n\n\r\n");
        assertThat(exchange("POST /nowhere HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 404");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Router.builder()
                .get("/x", request -> Responses.error(HttpResponseStatus.OK, "x"))
                .stream("/x", null)).hasMessage("duplicate route /x");
    }
}
