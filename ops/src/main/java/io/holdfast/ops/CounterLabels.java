package io.holdfast.ops;

import io.holdfast.engine.CloseReason;
import io.holdfast.engine.HandshakeRejection;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the admin pages and {@code holdfast stat} name the breakdowns of the engine's counters: each
 * {@link CloseReason} by its enum name in lower case ({@code client_close}, {@code protocol_error_1002}), and the
 * distinct HTTP statuses a handshake can be refused with, each with the checks that answer with it (429 is answered
 * both by the address limits and by a handler; the exact reason of each refusal is in its JFR event). Rejections are counted by status, so
 * a status is one series whatever its reasons. Every reason and status is listed, zero or not, so a series never
 * appears out of nowhere.
 */
final class CounterLabels
{
    private static final String[] CLOSE_REASONS = Arrays.stream(CloseReason.values())
        .map((reason) -> reason.name().toLowerCase(Locale.ROOT))
        .toArray(String[]::new);
    private static final int[] REJECTION_STATUSES = Arrays.stream(HandshakeRejection.values())
        .mapToInt(HandshakeRejection::status)
        .distinct()
        .sorted()
        .toArray();
    private static final String[] REJECTION_CHECKS = Arrays.stream(REJECTION_STATUSES)
        .mapToObj((status) -> Arrays.stream(HandshakeRejection.values())
            .filter((rejection) -> rejection.status() == status)
            .map(HandshakeRejection::check)
            .distinct()
            .collect(Collectors.joining(", ")))
        .toArray(String[]::new);

    private CounterLabels()
    {
    }

    /**
     * @return the label of a close reason, e.g. {@code idle_timeout}.
     */
    static String closeReason(final CloseReason reason)
    {
        return CLOSE_REASONS[reason.ordinal()];
    }

    /**
     * @return how many distinct statuses a handshake can be refused with.
     */
    static int rejectionStatusCount()
    {
        return REJECTION_STATUSES.length;
    }

    /**
     * @param index from 0 to {@link #rejectionStatusCount()}, in ascending order of status.
     * @return an HTTP status a handshake can be refused with.
     */
    static int rejectionStatus(final int index)
    {
        return REJECTION_STATUSES[index];
    }

    /**
     * @param index from 0 to {@link #rejectionStatusCount()}, in ascending order of status.
     * @return the checks that answer with that status, comma-separated, such as {@code address limits, handler}.
     */
    static String rejectionChecks(final int index)
    {
        return REJECTION_CHECKS[index];
    }
}
