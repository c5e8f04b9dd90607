package io.netmon.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (Maven sets it), or "dev" when run from classes. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"netmon " + (version == null ? "dev" : version)};
    }
}
