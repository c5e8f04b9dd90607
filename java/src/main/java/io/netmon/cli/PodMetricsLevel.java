package io.netmon.cli;

import io.netmon.metrics.PodMetrics;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --pod-metrics none|traffic|protocols}. */
final class PodMetricsLevel implements ITypeConverter<PodMetrics.Level> {
    @Override
    public PodMetrics.Level convert(String value) {
        for (PodMetrics.Level level : PodMetrics.Level.values()) {
            if (level.label().equals(value)) {
                return level;
            }
        }
        throw new TypeConversionException("expected one of " + Arrays.stream(PodMetrics.Level.values())
                .map(PodMetrics.Level::label).collect(Collectors.joining(", ")) + ", got '" + value + "'");
    }
}
