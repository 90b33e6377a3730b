package io.holdfast.engine;

import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What {@link EngineConfig#validate()} refuses, and that each message names the property an operator sets and the
 * form it must take, since the launcher shows the message as it is.
 */
final class EngineConfigTest
{
    @Test
    void shouldAcceptTheDefaults()
    {
        new EngineConfig().validate();
    }

    @Test
    void shouldStartFromTheDefaultsOfEngineConfiguration()
    {
        final EngineConfig config = new EngineConfig();

        assertEquals(EngineConfiguration.LISTEN_ADDRESS_DEFAULT, config.listenAddress());
        assertEquals(EngineConfiguration.LISTEN_PORT_DEFAULT, config.listenPort());
        assertEquals(EngineConfiguration.workersDefault(), config.workers());
        assertEquals(EngineConfiguration.MAX_CONNECTIONS_DEFAULT, config.maxConnections());
        assertEquals(EngineConfiguration.IDLE_TIMEOUT_DEFAULT_MS, config.idleTimeoutMs());
        assertEquals(EngineConfiguration.DUTY_CYCLE_THRESHOLD_DEFAULT_NS, config.dutyCycleThresholdNs());
        assertEquals(EngineConfiguration.COMMAND_BUFFER_DEFAULT, config.commandBuffer());
    }

    @Test
    void shouldNameThePropertyAndItsRange()
    {
        assertRefused("holdfast.listen.port must be from 0 to 65535: 70000", config -> config.listenPort(70000));
        assertRefused("holdfast.workers must be from 1 to 65536: 0", config -> config.workers(0));
        assertRefused("holdfast.max.frame must be from 125 to 2147483583 bytes: 100", config -> config.maxFrame(100));
        assertRefused("holdfast.max.header must be from 256 to 1048576 bytes: 100", config -> config.maxHeader(100));
        assertRefused("holdfast.handshake.timeout must be from 1 to 2305843009213693951 ms: 0",
            config -> config.handshakeTimeoutMs(0));
        assertRefused("holdfast.idle.timeout must be from 0 to 2305843009213693951 ms: -1",
            config -> config.idleTimeoutMs(-1));
        assertRefused("holdfast.duty.cycle.threshold must be from 0 to 9223372036854775807 ns: -1",
            config -> config.dutyCycleThresholdNs(-1));
        assertRefused("holdfast.max.inbound.messages.rate must be from 0 to 1000000/s: -1",
            config -> config.maxInboundMessagesRate(-1));
        assertRefused("holdfast.max.inbound.pings.burst must be from 0 to 1000000: 1000001",
            config -> config.maxInboundPingsBurst(1_000_001));
        assertRefused("holdfast.max.inbound.bytes.rate must be from 0 to 2147483583 bytes/s: -1",
            config -> config.maxInboundBytesRate(-1));
        assertRefused("holdfast.path must start with '/': ws", config -> config.path("ws"));
        assertRefused("command buffer must be a power of two of at least 1024 bytes: 1000",
            config -> config.commandBuffer(1000));
    }

    @Test
    void shouldNameBothPropertiesOfAnImpossibleCombination()
    {
        assertRefused("holdfast.max.message must be from holdfast.max.frame (65536) to 2147483583 bytes: 1024",
            config -> config.maxFrame(64 << 10).maxMessage(1024));
        assertRefused("holdfast.max.connections must be auto or at least holdfast.workers (4): 2",
            config -> config.workers(4).maxConnections(2));
        assertRefused("holdfast.max.pending must be at least holdfast.max.message + 14 bytes (1048590): 1000",
            config -> config.maxPending(1000));
        assertRefused("holdfast.max.pending.total must be at least holdfast.max.pending x holdfast.workers " +
            "(16777216 bytes): 1000", config -> config.workers(4).maxPendingTotal(1000));
        final String byteBurst = "holdfast.max.inbound.bytes.burst must be at least holdfast.max.message + 14 bytes " +
            "(1048590), or 0 with holdfast.max.inbound.bytes.rate at least that: ";
        assertRefused(byteBurst + "0", config -> config.maxInboundBytesRate(1000));
        assertRefused(byteBurst + "65536", config -> config.maxInboundBytesRate(1000).maxInboundBytesBurst(64 << 10));
        assertRefused(byteBurst + "1048576",
            config -> config.maxInboundBytesRate(1000).maxInboundBytesBurst(1 << 20));
    }

    @Test
    void shouldAcceptAByteRateBelowTheLargestMessageWhenItsBurstHoldsOne()
    {
        new EngineConfig().maxInboundBytesRate(1000).maxInboundBytesBurst((1 << 20) + 14).validate();
        new EngineConfig().maxInboundBytesRate((1 << 20) + 14).validate();
    }

    private static void assertRefused(final String message, final Consumer<EngineConfig> change)
    {
        final EngineConfig config = new EngineConfig();
        change.accept(config);

        assertEquals(message, assertThrows(IllegalArgumentException.class, config::validate).getMessage());
    }
}
