package io.holdfast.codec.json;

/**
 * What {@link EnvelopeScanner#scan(org.agrona.DirectBuffer, int, int)} found in a client text message, as plain int
 * constants so a dispatch is a {@code switch} with no enum lookup.
 */
public final class EnvelopeType
{
    /**
     * The message is not one valid JSON value, or the value is not an object, or it nests deeper than allowed.
     */
    public static final int INVALID = -1;

    /**
     * A valid JSON object whose top-level {@code "type"} member is absent or not a string.
     */
    public static final int NONE = 0;

    /**
     * A valid JSON object whose {@code "type"} string is none of the types below.
     */
    public static final int OTHER = 1;

    /**
     * {@code "type":"ping"}: an application heartbeat.
     */
    public static final int PING = 2;

    /**
     * {@code "type":"subscribe"}: join the topic named by the {@code "topic"} member.
     */
    public static final int SUBSCRIBE = 3;

    /**
     * {@code "type":"unsubscribe"}: leave the topic named by the {@code "topic"} member.
     */
    public static final int UNSUBSCRIBE = 4;

    /**
     * {@code "type":"publish"}: send the {@code "data"} value to the topic named by the {@code "topic"} member.
     */
    public static final int PUBLISH = 5;

    private EnvelopeType()
    {
    }
}
