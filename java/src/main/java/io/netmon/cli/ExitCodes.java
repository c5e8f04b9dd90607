package io.netmon.cli;

import io.netmon.source.Sampler;

/** Exit codes every command uses; picocli's own are 0 (ok) and 2 (usage). */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** The sources could not be read (native library missing, /proc file unreadable or malformed). */
    static final int UNREADABLE = 3;
    /** The server could not bind its address. */
    static final int CANNOT_BIND = 4;
    /** {@code serve}'s shutdown did not end within its limit and the JVM was halted. */
    static final int SHUTDOWN_STUCK = 5;
    /** The sampler met an error nobody foresaw and ended the process, so that it is restarted. */
    static final int SAMPLER_ERROR = Sampler.EXIT_ON_ERROR;

    private ExitCodes() {
    }
}
