package io.netmon.history;

/** Per-second rates of the four counters, for an interface or a protocol. */
public interface Rates {
    double bytesReceived();

    double packetsReceived();

    double bytesSent();

    double packetsSent();

    default double rate(Counter counter) {
        return switch (counter) {
            case BYTES_RECEIVED -> bytesReceived();
            case PACKETS_RECEIVED -> packetsReceived();
            case BYTES_SENT -> bytesSent();
            case PACKETS_SENT -> packetsSent();
        };
    }
}
