package io.netmon.metrics;

import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Objects;

/**
 * What {@code netmon_build_info} says: the project's version and the Java runtime serving it.
 *
 * @param version     the jar manifest's {@code Implementation-Version} (the pom's version), as
 *                    {@code netmon --version} reads it; {@link #UNKNOWN_VERSION} when run from classes
 * @param javaVersion {@link Runtime#version()}
 */
public record BuildInfo(String version, String javaVersion) {
    /** The version when no manifest says one: classes run from a build tree. */
    public static final String UNKNOWN_VERSION = "dev";

    public BuildInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(javaVersion, "javaVersion");
    }

    /** This process's build: the manifest of the jar this class was loaded from. */
    public static BuildInfo current() {
        String version = BuildInfo.class.getPackage().getImplementationVersion();
        return new BuildInfo(version == null ? UNKNOWN_VERSION : version, Runtime.version().toString());
    }

    MetricSnapshot family() {
        return InfoSnapshot.builder().name("netmon_build")
                .help("The running Netmon: its version (the pom's) and the Java runtime's.")
                .dataPoint(InfoDataPointSnapshot.builder()
                        .labels(Labels.of("version", version, "java_version", javaVersion)).build())
                .build();
    }
}
