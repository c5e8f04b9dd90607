package io.netmon.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty's aggregator with our error answers: a body over the limit (413) and an expectation we do not
 * meet (417) get a {@code {"error": ...}} body like every other error, instead of Netty's empty ones,
 * and close the connection (gracefully: {@link GracefulClose}), since what follows on it is the body
 * we refused.
 */
final class JsonAggregator extends HttpObjectAggregator {
    JsonAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    /** 100 Continue stays Netty's; the refusals become ours. */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        String expectation = start.headers().get(HttpHeaderNames.EXPECT);
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (!(response instanceof HttpResponse refusal) || refusal.status().equals(HttpResponseStatus.CONTINUE)) {
            return response;
        }
        HttpResponseStatus status = refusal.status();
        ReferenceCountUtil.release(response);
        return status.equals(HttpResponseStatus.EXPECTATION_FAILED)
                ? closing(status, "unsupported expectation '" + expectation + "': only 100-continue is understood")
                : tooLarge(maxContentLength);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.writeAndFlush(tooLarge(maxContentLength()));
    }

    private static FullHttpResponse tooLarge(int maxContentLength) {
        return closing(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body over " + maxContentLength
                + " bytes, the most this server reads");
    }

    private static FullHttpResponse closing(HttpResponseStatus status, String message) {
        FullHttpResponse response = Responses.error(status, message);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
