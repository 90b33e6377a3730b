package io.holdfast.engine;

import io.holdfast.codec.ByteRanges;
import io.holdfast.codec.http.UpgradeRequestParser;
import io.holdfast.codec.jwt.JwtVerifier;
import io.holdfast.codec.jwt.TokenVerdict;
import org.agrona.DirectBuffer;

import static io.holdfast.codec.ByteRanges.ascii;

/**
 * Finds the JSON Web Token of an upgrade request and verifies it, for {@link AuthMode#JWT}. A token is taken from the
 * first of: an {@code Authorization: Bearer} header, for clients that can set headers; an {@code access_token} query
 * parameter; a {@code Sec-WebSocket-Protocol} entry {@code bearer.TOKEN}, for browsers, which can set no header but
 * that one. Base64url tokens need no percent-decoding, so a query value holding {@code %} is taken as it is and fails
 * verification. One per worker: the verifier keeps its {@link javax.crypto.Mac}.
 */
final class TokenAuthenticator
{
    private static final byte[] BEARER_SCHEME = ascii("bearer ");
    private static final byte[] PROTOCOL_PREFIX = ascii("bearer.");
    private static final byte[] QUERY_NAME = ascii("access_token=");

    private final JwtVerifier verifier;
    private final ConnectionClaims claims;

    TokenAuthenticator(final EngineConfig config, final ConnectionClaims claims)
    {
        verifier = new JwtVerifier(config.jwtSecret(), config.jwtClockSkewMs(), config.maxHeader());
        this.claims = claims;
    }

    /**
     * Verify the request's token and keep its claims for the slot's connection.
     *
     * @param request holds the complete request the parser has just parsed.
     * @return null when the token is valid, else why the handshake is refused.
     */
    HandshakeRejection authenticate(final int slot, final DirectBuffer request, final UpgradeRequestParser parser)
    {
        int offset = -1;
        int length = 0;
        final int authorization = parser.authorizationOffset();
        if (authorization >= 0 && startsWithIgnoreCase(request, authorization, parser.authorizationLength()))
        {
            offset = authorization + BEARER_SCHEME.length;
            length = parser.authorizationLength() - BEARER_SCHEME.length;
        }
        else if ((offset = queryToken(request, parser.queryOffset(), parser.queryLength())) >= 0)
        {
            length = valueEnd(request, offset, parser.queryOffset() + parser.queryLength()) - offset;
        }
        else
        {
            for (int i = 0, count = parser.protocolCount(); i < count && offset < 0; i++)
            {
                final int entry = parser.protocolOffset(i);
                if (startsWith(request, entry, parser.protocolLength(i), PROTOCOL_PREFIX))
                {
                    offset = entry + PROTOCOL_PREFIX.length;
                    length = parser.protocolLength(i) - PROTOCOL_PREFIX.length;
                }
            }
        }
        if (offset < 0)
        {
            return HandshakeRejection.TOKEN_MISSING;
        }
        final TokenVerdict verdict = verifier.verify(request, offset, length, System.currentTimeMillis());
        if (verdict != TokenVerdict.VALID)
        {
            return HandshakeRejection.of(verdict);
        }
        claims.store(slot, verifier);
        return null;
    }

    private static int queryToken(final DirectBuffer request, final int queryOffset, final int queryLength)
    {
        final int end = queryOffset + queryLength;
        int parameter = queryOffset;
        while (queryOffset >= 0 && parameter < end)
        {
            if (startsWith(request, parameter, end - parameter, QUERY_NAME))
            {
                return parameter + QUERY_NAME.length;
            }
            parameter = valueEnd(request, parameter, end) + 1;
        }
        return -1;
    }

    private static int valueEnd(final DirectBuffer request, final int from, final int end)
    {
        int position = from;
        while (position < end && request.getByte(position) != '&')
        {
            position++;
        }
        return position;
    }

    private static boolean startsWith(
        final DirectBuffer buffer, final int offset, final int length, final byte[] prefix)
    {
        return length >= prefix.length && ByteRanges.equals(buffer, offset, prefix.length, prefix);
    }

    private static boolean startsWithIgnoreCase(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= BEARER_SCHEME.length)
        {
            return false;
        }
        for (int i = 0; i < BEARER_SCHEME.length; i++)
        {
            final byte b = buffer.getByte(offset + i);
            if ((b >= 'A' && b <= 'Z' ? (byte)(b + ('a' - 'A')) : b) != BEARER_SCHEME[i])
            {
                return false;
            }
        }
        return true;
    }
}
