package io.netmon.http;

import io.netmon.history.History;
import io.netmon.history.RateSample;
import io.netmon.source.Sampler;
import io.netmon.view.HistoryJson;
import io.netmon.view.Json;
import io.netmon.view.NodeView;
import io.netmon.view.Selection;
import io.netmon.view.ViewException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /network/stream}: Server-Sent Events, one {@code data:} event per sampler state with
 * everyone's rates, byte counters and notes (filtered like {@code /network}): each new sample, and
 * the latest sample again when a read fails after it (then with the failure's note). The history
 * calls {@link #accept} on the sampler's thread; that only hands each stream a task on its own event
 * loop, where the event is written. A stream whose connection is not writable when the next event is
 * due (its client reads slower than the samples come, and more than {@link #HIGH_WATER} bytes wait
 * in the process) is closed, so nothing is buffered without bound. At most {@code maxStreams} are
 * open at once; beyond that, 503.
 */
public final class EventStreams implements StreamHandler, Consumer<RateSample> {
    static final String PATH = "/network/stream";
    static final Set<String> PARAMETERS = Query.accepting("interface", "protocol", "family", "namespace", "pod");
    static final int LOW_WATER = 256 * 1024;
    static final int HIGH_WATER = 1024 * 1024;
    static final long KEEP_ALIVE_SECONDS = 15;
    static final long RETRY_MILLIS = 2000;
    static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);

    private final Sampler sampler;
    private final int maxStreams;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger reserved = new AtomicInteger();
    /** Numbers the events in the order the history hands them on, so no stream sends an older one after a newer. */
    private final AtomicLong events = new AtomicLong();
    /** The newest event, which a new stream starts with; null before the first sample. */
    private volatile Event latest;

    public EventStreams(Sampler sampler, History history, int maxStreams) {
        if (maxStreams < 0) {
            throw new IllegalArgumentException("maxStreams must be >= 0, got " + maxStreams);
        }
        this.sampler = sampler;
        this.maxStreams = maxStreams;
        RateSample sample = history.latestRates();
        this.latest = sample == null ? null : new Event(sample, events.incrementAndGet());
    }

    public void register(Router.Builder routes) {
        routes.stream(PATH, this);
    }

    /** Streams open now. */
    public int openStreams() {
        return open.size();
    }

    /**
     * The request's filters, checked the way {@code /network} and {@code /network/pods} check them: a named
     * interface, pod namespace or pod the latest sample lacks is NOT_FOUND (only then is a sample needed), an
     * unknown protocol or family INVALID.
     */
    private Selection selection(Request request) throws HttpError, ViewException {
        Query query = request.query(PARAMETERS);
        List<String> names = query.values("interface");
        List<String> namespaces = query.values("namespace");
        List<String> pods = query.values("pod");
        NodeView node = names.isEmpty() && namespaces.isEmpty() && pods.isEmpty() ? null : NodeView.of(sampler.state());
        Set<String> interfaces = names.isEmpty() ? Set.of() : Set.copyOf(node.scope(names).named());
        if (node != null) {
            node.pods(namespaces, pods);
        }
        return new Selection(interfaces, NetworkHandler.protocolFilter(query), Set.copyOf(namespaces), Set.copyOf(pods));
    }

    @Override
    public FullHttpResponse head(Request request) throws HttpError, ViewException {
        selection(request);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        headers(response.headers());
        return response;
    }

    @Override
    public void open(Request request, ChannelHandlerContext ctx, HttpVersion version) throws HttpError, ViewException {
        Selection selection = selection(request);
        if (reserved.incrementAndGet() > maxStreams) {
            reserved.decrementAndGet();
            throw HttpError.unavailable("too many streams: " + maxStreams + " are open, the limit set by --max-streams;"
                    + " try again later");
        }
        Channel channel = ctx.channel();
        channel.attr(Router.STREAMING).set(Boolean.TRUE);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(LOW_WATER, HIGH_WATER));
        HttpResponse response = new DefaultHttpResponse(version, HttpResponseStatus.OK);
        headers(response.headers());
        if (version.equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        Stream stream = new Stream(channel, selection);
        ctx.write(response);
        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(
                ": netmon rates, one event per sample\nretry: " + RETRY_MILLIS + "\n\n", StandardCharsets.UTF_8)));
        ScheduledFuture<?> keepAlive = ctx.executor().scheduleAtFixedRate(stream::keepAlive,
                KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        open.add(stream);
        channel.closeFuture().addListener(f -> {
            keepAlive.cancel(false);
            open.remove(stream);
            reserved.decrementAndGet();
            LOG.debug("stream to {} closed after {} events", channel.remoteAddress(), stream.sent);
        });
        // After the stream joined `open`: an event handed on meanwhile is this one or a newer one.
        Event first = latest;
        if (first != null) {
            stream.send(first);
        }
    }

    private static void headers(HttpHeaders headers) {
        headers.set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("X-Accel-Buffering", "no");
    }

    /** On the sampler's thread: keep the event for new streams, hand it to every stream's event loop, nothing more. */
    @Override
    public void accept(RateSample sample) {
        Event event = new Event(sample, events.incrementAndGet());
        latest = event;
        for (Stream stream : open) {
            stream.channel.eventLoop().execute(() -> stream.send(event));
        }
    }

    /** One state's event, numbered; its unfiltered rendering is made once, by the first stream that needs it. */
    private static final class Event {
        private final RateSample sample;
        private final long number;
        private byte[] unfiltered;

        Event(RateSample sample, long number) {
            this.sample = sample;
            this.number = number;
        }

        synchronized byte[] unfiltered() {
            if (unfiltered == null) {
                unfiltered = render(sample, Selection.ALL);
            }
            return unfiltered;
        }
    }

    static byte[] render(RateSample sample, Selection selection) {
        ByteBuf buffer = Unpooled.buffer(256 + 200 * sample.interfaces().size());
        try (OutputStream out = new ByteBufOutputStream(buffer)) {
            out.write(("id: " + sample.sequence() + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
            Json.write(out, json -> HistoryJson.writeEvent(json, sample, selection));
            out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("writing an event to memory failed", e);
        } finally {
            buffer.release();
        }
    }

    /** One client's stream; its fields are touched on its channel's event loop only. */
    private static final class Stream {
        final Channel channel;
        final Selection selection;
        long lastEvent = Long.MIN_VALUE;
        long sent;

        Stream(Channel channel, Selection selection) {
            this.channel = channel;
            this.selection = selection;
        }

        void send(Event event) {
            if (!channel.isActive() || event.number <= lastEvent) {
                return;
            }
            if (!channel.isWritable()) {
                LOG.info("dropping stream to {}: it reads slower than samples arrive ({} bytes waiting)",
                        channel.remoteAddress(), channel.unsafe().outboundBuffer() == null ? 0
                                : channel.unsafe().outboundBuffer().totalPendingWriteBytes());
                channel.close();
                return;
            }
            byte[] bytes = selection.all() ? event.unfiltered() : render(event.sample, selection);
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
            lastEvent = event.number;
            sent++;
        }

        void keepAlive() {
            if (channel.isActive() && channel.isWritable()) {
                channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(": keep-alive\n\n", StandardCharsets.US_ASCII)));
            }
        }
    }
}
