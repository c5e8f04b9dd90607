package io.netmon.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A switch that takes a value, {@code on} or {@code off} ({@code --pods off}). */
enum OnOff {
    ON, OFF;

    boolean on() {
        return this == ON;
    }

    /** Reads {@code on} and {@code off}, nothing else. */
    static final class Converter implements ITypeConverter<OnOff> {
        @Override
        public OnOff convert(String value) {
            return switch (value) {
                case "on" -> ON;
                case "off" -> OFF;
                default -> throw new TypeConversionException("expected on or off, got '" + value + "'");
            };
        }
    }
}
