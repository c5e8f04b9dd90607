package io.netmon.source;

import com.sun.jna.Native;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of loading {@code libnetmon.so} once: either the bound library or the reason it
 * could not be loaded, which {@code status}, logs and HTTP answers repeat to the user.
 */
public final class NativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);
    private static final String NAME = "netmon";

    private final LibNetmon lib;
    private final String problem;

    private NativeLibrary(LibNetmon lib, String problem) {
        this.lib = lib;
        this.problem = problem;
    }

    /** Loads the library from the classpath ({@code linux-x86-64/libnetmon.so}) or {@code jna.library.path}. */
    public static NativeLibrary load() {
        LibNetmon lib;
        try {
            lib = Native.load(NAME, LibNetmon.class);
        } catch (UnsatisfiedLinkError e) {
            String why = "libnetmon.so could not be loaded (" + e.getMessage() + ")";
            LOG.error("{}; /proc files cannot be read", why);
            return new NativeLibrary(null, why);
        }
        int version = lib.netmon_api_version();
        if (version != LibNetmon.API_VERSION) {
            String why = "libnetmon.so has API version " + version + ", this build needs " + LibNetmon.API_VERSION;
            LOG.error(why);
            return new NativeLibrary(null, why);
        }
        return new NativeLibrary(lib, null);
    }

    /**
     * Starts {@link #load} on a daemon thread of its own and returns at once; the supplier waits for
     * the outcome. What the load logs is logged from that thread.
     */
    public static Supplier<NativeLibrary> loadInBackground() {
        FutureTask<NativeLibrary> task = new FutureTask<>(NativeLibrary::load);
        Thread thread = new Thread(task, "netmon-native-load");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while libnetmon.so was loading", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("loading libnetmon.so failed", e.getCause());
            }
        };
    }

    public boolean loaded() {
        return lib != null;
    }

    /** Why the library is unusable, or empty when it loaded. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    public String describe() {
        return loaded() ? "loaded (libnetmon API " + LibNetmon.API_VERSION + ")" : "not loaded: " + problem;
    }

    /**
     * A new reader with its own native buffers, which never grow past what {@code maxInterfaces}
     * interfaces need; readers are not thread-safe, libraries are.
     */
    public NativeReader newReader(int maxInterfaces) {
        if (lib == null) {
            throw new IllegalStateException(problem);
        }
        return new NativeReader(lib, maxInterfaces);
    }
}
