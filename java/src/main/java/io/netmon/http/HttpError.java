package io.netmon.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A request that cannot be answered with 200: becomes {@code {"error": message}} with {@link #status()}. */
public final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;

    public HttpError(HttpResponseStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static HttpError badRequest(String message) {
        return new HttpError(HttpResponseStatus.BAD_REQUEST, message);
    }

    public static HttpError notFound(String message) {
        return new HttpError(HttpResponseStatus.NOT_FOUND, message);
    }

    public static HttpError unavailable(String message) {
        return new HttpError(HttpResponseStatus.SERVICE_UNAVAILABLE, message);
    }

    public HttpResponseStatus status() {
        return status;
    }
}
