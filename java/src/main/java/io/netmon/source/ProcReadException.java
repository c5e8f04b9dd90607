package io.netmon.source;

import java.io.IOException;
import java.nio.file.Path;

/** A /proc file could not be read or parsed; says which file, why and, for parse errors, where. */
public final class ProcReadException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final int errno;

    public ProcReadException(Path path, int errno, String reason) {
        super(path + ": " + reason);
        this.path = path;
        this.errno = errno;
    }

    public Path path() {
        return path;
    }

    /** The positive errno the native reader returned (ENOENT, EBADMSG, ...). */
    public int errno() {
        return errno;
    }
}
