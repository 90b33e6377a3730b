package io.holdfast.codec.topic;

import io.holdfast.codec.protocol.ErrorCode;

import java.nio.charset.StandardCharsets;

/**
 * Why the server refused a client's pub/sub request, with everything a reply needs: the {@code code} text of the
 * JSON error, a short human reason, and the SBE {@link ErrorCode}. The connection stays open after each of these.
 * <p>
 * The byte forms are encoded once here, so writing a reply never converts a String.
 */
public enum RequestError
{
    /** The JSON {@code "type"} or the SBE template is not a request the server knows. */
    UNKNOWN_TYPE("unknown_type", "unknown request type", ErrorCode.UNKNOWN_TYPE),

    /** The request needs a topic and has none, or an empty one. */
    MISSING_TOPIC("missing_topic", "topic missing or empty", ErrorCode.MISSING_TOPIC),

    /** The topic is longer than {@link TopicNames#MAX_LENGTH} bytes. */
    TOPIC_TOO_LONG(
        "topic_too_long", "topic longer than " + TopicNames.MAX_LENGTH + " bytes", ErrorCode.TOPIC_TOO_LONG),

    /** The topic holds a byte other than an ASCII letter, digit or {@code . _ - / :}. */
    TOPIC_FORBIDDEN_CHARACTER(
        "topic_forbidden_character", "topic allows only letters, digits and . _ - / :",
        ErrorCode.TOPIC_FORBIDDEN_CHARACTER),

    /** The connection already holds as many subscriptions as it may. */
    TOO_MANY_SUBSCRIPTIONS("too_many_subscriptions", "subscription limit reached", ErrorCode.TOO_MANY_SUBSCRIPTIONS),

    /** An unsubscribe named a topic the connection is not subscribed to. */
    NOT_SUBSCRIBED("not_subscribed", "not subscribed to topic", ErrorCode.NOT_SUBSCRIBED),

    /** The request could not be read: not a valid envelope or SBE message. */
    MALFORMED("malformed", "request could not be parsed", ErrorCode.MALFORMED),

    /** The server already holds as many topics as it may, so a new one cannot be created. */
    TOO_MANY_TOPICS("too_many_topics", "topic limit reached", ErrorCode.TOO_MANY_TOPICS),

    /** The server could not take the request now, e.g. a command queue was full; the client may retry. */
    OVERLOADED("overloaded", "server busy, retry", ErrorCode.OVERLOADED),

    /** A publish carried no data. */
    MISSING_DATA("missing_data", "publish without data", ErrorCode.MISSING_DATA),

    /** The publish is larger than the server can pass to its workers; retrying will not help. */
    MESSAGE_TOO_LARGE("message_too_large", "publish larger than the server takes", ErrorCode.MESSAGE_TOO_LARGE),

    /** The connection's token does not list a prefix of the topic in its {@code topics} claim. */
    FORBIDDEN("forbidden", "token does not allow this topic", ErrorCode.FORBIDDEN);

    private final String code;
    private final String reason;
    private final ErrorCode errorCode;
    private final byte[] reasonAscii;

    RequestError(final String code, final String reason, final ErrorCode errorCode)
    {
        this.code = code;
        this.reason = reason;
        this.errorCode = errorCode;
        this.reasonAscii = reason.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The error's {@code "code"} in JSON replies, e.g. {@code too_many_subscriptions}: stable, for programs.
     *
     * @return the code text, plain ASCII needing no JSON escapes.
     */
    public String code()
    {
        return code;
    }

    /**
     * The error's {@code "reason"} in JSON replies and SBE errors, e.g. {@code subscription limit reached}: for
     * people reading logs, may change between releases.
     *
     * @return the reason text, plain ASCII needing no JSON escapes.
     */
    public String reason()
    {
        return reason;
    }

    /**
     * The code this error carries in an SBE {@code Error} message.
     *
     * @return the SBE error code.
     */
    public ErrorCode errorCode()
    {
        return errorCode;
    }

    /**
     * The error a topic name gets for a {@link TopicNames#check} result, so checking and replying stay in step.
     *
     * @param check a result of {@link TopicNames#check}.
     * @return {@link #MISSING_TOPIC}, {@link #TOPIC_TOO_LONG}, {@link #TOPIC_FORBIDDEN_CHARACTER}, or null for
     * {@link TopicNames#VALID}.
     * @throws IllegalArgumentException if check is not a {@link TopicNames#check} result.
     */
    public static RequestError ofTopicCheck(final int check)
    {
        switch (check)
        {
            case TopicNames.VALID:
                return null;

            case TopicNames.EMPTY:
                return MISSING_TOPIC;

            case TopicNames.TOO_LONG:
                return TOPIC_TOO_LONG;

            case TopicNames.FORBIDDEN_CHARACTER:
                return TOPIC_FORBIDDEN_CHARACTER;

            default:
                throw new IllegalArgumentException("not a topic check result: " + check);
        }
    }

    /**
     * The reason's bytes, encoded once for the SBE writer; shared, so never modified.
     */
    byte[] reasonAscii()
    {
        return reasonAscii;
    }
}
