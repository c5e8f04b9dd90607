package io.netmon.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** The one content coding the server speaks: whether a client takes gzip, and a body gzipped in memory. */
public final class Gzip {
    private Gzip() {
    }

    /** Whether an {@code Accept-Encoding} header accepts gzip (and does not refuse it with {@code q=0}). */
    public static boolean accepted(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.split(";");
            if (!parts[0].strip().equalsIgnoreCase("gzip")) {
                continue;
            }
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].replace(" ", "").strip();
                if (parameter.equals("q=0") || parameter.matches("q=0\\.0{0,3}")) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * {@code body} gzipped at zlib's fastest level: /metrics and /network are compressed once per
     * sample, and at 4000 interfaces level 1 takes a tenth of the time of the default level 6 for
     * 8 % more bytes (docs/BENCHMARKS.md, "Footprint").
     */
    public static byte[] compress(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 8 + 64);
        try (OutputStream zip = compressing(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip in memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * A stream that gzips what it is given into {@code out}, at the same level; closing it finishes
     * the gzip member and closes {@code out}. For bodies written as they are made, never whole.
     */
    public static OutputStream compressing(OutputStream out) {
        try {
            return new FastGzip(out);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip header into memory failed", e);
        }
    }

    /** A gzip stream at {@link Deflater#BEST_SPEED}. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
