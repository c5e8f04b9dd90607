package io.netmon.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * The version in the jar's manifest: Implementation-Version, which the pom's shade step sets to the
 * pom's {@code <version>}, the one place it is written. "dev" when run from classes (tests, an IDE).
 */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"netmon " + (version == null ? "dev" : version)};
    }
}
