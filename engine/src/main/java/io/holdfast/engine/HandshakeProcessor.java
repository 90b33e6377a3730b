package io.holdfast.engine;

import io.holdfast.codec.ByteRanges;
import io.holdfast.codec.http.HandshakeResponses;
import io.holdfast.codec.http.HandshakeStatus;
import io.holdfast.codec.http.UpgradeRequestParser;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Completes or rejects the HTTP upgrade of a newly accepted connection. An incomplete request is kept and parsed
 * again from its start when more arrives (rare: a request fits one read); bytes after a complete request are
 * frames the client sent at once and go straight to the frame processor.
 * <p>
 * A complete request is checked cheapest first and the first failure answers: the request itself (400, 405, 426,
 * 431), the path (404), the {@code Origin} (403), the remote address's limits (429), the token when authentication
 * is on (401), and last the handler's own decision ({@link WebSocketHandler#onHandshake}). Capacity (503) is decided
 * earlier, at accept, since a connection without a slot cannot be read at all.
 */
final class HandshakeProcessor
{
    private final ConnectionTable table;
    private final Connections connections;
    private final ConnectionWriter writer;
    private final BufferPool pool;
    private final FrameProcessor frames;
    private final EngineCounters counters;
    private final EngineEvents events;
    private final UpgradeRequestParser parser;
    private final OriginAllowlist origins;
    private final boolean requireOrigin;
    private final AddressLimits addressLimits;
    private final CycleClock clock;
    private final ConnectionClaims claims;
    private final TokenAuthenticator authenticator;
    private final UpgradeRequest request = new UpgradeRequest();
    private final HandshakeResponses responses = new HandshakeResponses();
    private final byte[] path;
    private final byte[][] subprotocols;
    private final UnsafeBuffer selectedSubprotocol = new UnsafeBuffer(0, 0);

    HandshakeProcessor(
        final ConnectionTable table,
        final Connections connections,
        final ConnectionWriter writer,
        final BufferPool pool,
        final FrameProcessor frames,
        final EngineCounters counters,
        final AddressLimits addressLimits,
        final CycleClock clock,
        final ConnectionClaims claims,
        final EngineConfig config)
    {
        this.claims = claims;
        authenticator = config.auth() == AuthMode.JWT ? new TokenAuthenticator(config, claims) : null;
        this.addressLimits = addressLimits;
        this.clock = clock;
        origins = new OriginAllowlist(config.allowedOrigins());
        requireOrigin = config.requireOrigin();
        this.table = table;
        this.connections = connections;
        this.writer = writer;
        this.pool = pool;
        this.frames = frames;
        this.counters = counters;
        events = config.events();
        parser = new UpgradeRequestParser(config.maxHeader());
        path = config.path().getBytes(StandardCharsets.US_ASCII);
        final List<String> names = config.subprotocols();
        subprotocols = new byte[names.size()][];
        for (int i = 0; i < subprotocols.length; i++)
        {
            subprotocols[i] = names.get(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * Parse the request bytes [0, limit) of the receive buffer, which start at the request's first byte.
     */
    void onBytes(final int slot, final UnsafeBuffer buffer, final int limit)
    {
        parser.reset();
        int status = parser.parse(buffer, 0, limit);
        if (status == HandshakeStatus.INCOMPLETE)
        {
            table.tails[slot] = pool.copyOf(buffer, 0, limit);
            return;
        }
        if (status == HandshakeStatus.OK && !parser.pathEquals(path))
        {
            status = HandshakeStatus.NOT_FOUND;
        }
        if (status != HandshakeStatus.OK)
        {
            reject(slot, HandshakeRejection.ofStatus(status));
            return;
        }
        if (!isOriginAllowed(buffer))
        {
            reject(slot, HandshakeRejection.ORIGIN_NOT_ALLOWED);
            return;
        }
        final int verdict = addressLimits.isEnabled() ?
            addressLimits.admit(table.addressKeys[slot], clock.nowMs()) : AddressLimits.OK;
        if (verdict != AddressLimits.OK)
        {
            reject(slot, verdict == AddressLimits.CONNECTION_LIMIT ?
                HandshakeRejection.ADDRESS_CONNECTION_LIMIT : HandshakeRejection.ADDRESS_HANDSHAKE_RATE);
            return;
        }
        final HandshakeRejection refusal = authenticator != null ?
            authenticator.authenticate(slot, buffer, parser) : null;
        if (refusal != null)
        {
            reject(slot, refusal);
            return;
        }
        final HandshakeRejection handlerRefusal = connections.admit(slot,
            request.wrap(buffer, parser, table.channels[slot], claims.subject(slot)));
        if (handlerRefusal != null)
        {
            reject(slot, handlerRefusal);
            return;
        }

        final byte[] protocol = selectSubprotocol(buffer);
        if (protocol != null)
        {
            selectedSubprotocol.wrap(protocol);
        }
        final int length = responses.writeSwitchingProtocols(
            writer.scratch(), 0, buffer, parser.keyOffset(), parser.keyLength(),
            selectedSubprotocol, 0, protocol == null ? 0 : protocol.length);
        writer.send(slot, length);
        connections.open(slot);

        final int requestLength = parser.requestLength();
        if (requestLength < limit)
        {
            frames.onBytes(slot, buffer, requestLength, limit);
        }
    }

    /**
     * Answer with an HTTP error, then end the connection.
     */
    void reject(final int slot, final HandshakeRejection rejection)
    {
        counters.handshakeRejected(rejection);
        events.onHandshakeRejected(rejection);
        writer.send(slot, responses.writeRejection(writer.scratch(), 0, rejection.status()));
        connections.drain(slot);
    }

    private boolean isOriginAllowed(final UnsafeBuffer request)
    {
        final int offset = parser.originOffset();
        if (offset < 0)
        {
            return !requireOrigin;
        }
        return origins.allows(request, offset, parser.originLength());
    }

    private byte[] selectSubprotocol(final UnsafeBuffer request)
    {
        for (final byte[] candidate : subprotocols)
        {
            for (int i = 0, count = parser.protocolCount(); i < count; i++)
            {
                if (ByteRanges.equals(request, parser.protocolOffset(i), parser.protocolLength(i), candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }
}
