package io.netmon.source;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A deliberately plain Java reading of /proc/net/dev, written from the kernel's format and not
 * from libnetmon's code. It is the test oracle: the native reader must agree with it on every
 * captured file, and fail wherever it fails.
 */
final class ProcNetDevOracle {
    private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    /** The longest line a /proc reader takes (native/tests/data/README.md). */
    private static final int LINE_MAX = 4095;
    /** Bytes the kernel's dev_valid_name() refuses (besides ':', which ends the name): NUL, isspace(), '/'. */
    private static final Pattern NOT_IN_A_NAME = Pattern.compile("[\\x00\\t\\n\\x0B\\f\\r /]");

    private ProcNetDevOracle() {
    }

    static List<InterfaceStats> parse(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        List<InterfaceStats> rows = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int last = text.endsWith("\n") ? lines.length - 1 : lines.length;
        if (text.isEmpty()) {
            return rows;
        }
        if (last < 2 || !lines[0].startsWith("Inter-|") || !lines[1].startsWith(" face |")) {
            throw new IllegalArgumentException("the two header lines are missing");
        }
        for (int i = 0; i < last; i++) {
            if (lines[i].length() > LINE_MAX) {
                throw new IllegalArgumentException("line " + (i + 1) + " is longer than " + LINE_MAX + " bytes");
            }
        }
        for (int i = 2; i < last; i++) {
            rows.add(parseLine(lines[i], i + 1));
        }
        return rows;
    }

    private static InterfaceStats parseLine(String line, int number) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("line " + number + ": no colon");
        }
        String name = line.substring(0, colon).replaceAll("^ +", "");
        if (name.isEmpty() || name.length() > 15 || NOT_IN_A_NAME.matcher(name).find()) {
            throw new IllegalArgumentException("line " + number + ": bad name '" + name + "'");
        }
        // Nothing may follow the 16th counter, not even a space: split keeps a trailing empty field.
        String[] fields = line.substring(colon + 1).replaceAll("^ +", "").split(" +", -1);
        if (fields.length != 16) {
            throw new IllegalArgumentException("line " + number + ": " + fields.length + " counters");
        }
        long[] counters = new long[16];
        for (int f = 0; f < 16; f++) {
            if (!fields[f].matches("[0-9]+")) {
                throw new IllegalArgumentException("line " + number + ": not a number: " + fields[f]);
            }
            BigInteger value = new BigInteger(fields[f]);
            if (value.compareTo(MAX_U64) > 0) {
                throw new IllegalArgumentException("line " + number + ": above 2^64-1: " + fields[f]);
            }
            counters[f] = value.longValue();
        }
        // The text was read byte for byte (ISO-8859-1); the name's bytes are shown as UTF-8.
        return InterfaceStats.of(new String(name.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8), counters);
    }
}
