package io.netmon.view;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/** The one Jackson factory, and a JSON value written to a stream or writer that stays open. */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** Something that writes one JSON value: the writers of this package, bound to their arguments. */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    /** UTF-8 bytes of {@code body} to {@code out}, flushed; {@code out} is left open. */
    public static void write(OutputStream out, Body body) throws IOException {
        write(FACTORY.createGenerator(out), body);
    }

    /** {@code body} to {@code out}, flushed; {@code out} is left open. */
    public static void write(Writer out, Body body) throws IOException {
        write(FACTORY.createGenerator(out), body);
    }

    private static void write(JsonGenerator generator, Body body) throws IOException {
        try (JsonGenerator json = generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            body.write(json);
        }
    }
}
