package io.holdfast.codec.utf8;

import java.util.Arrays;

import org.agrona.DirectBuffer;

/**
 * Incremental UTF-8 validator (RFC 3629 well-formedness, as RFC 6455 requires of text messages and close reasons)
 * that keeps its state between calls, so a message split into fragments at any byte, even inside a multi-byte
 * sequence, gets the same verdict as the whole message.
 * <p>
 * It fails fast: {@link #validate(DirectBuffer, int, int)} returns false on the first byte after which the input can
 * no longer be a prefix of valid UTF-8 (overlong forms, surrogates, code points above U+10FFFF, stray continuation
 * bytes), and stays failed until {@link #reset()}. A sequence still open at the end of a message is a truncation:
 * callers check {@link #isComplete()} there.
 * <p>
 * Runs of ASCII are skipped eight bytes at a time; everything else goes through a small deterministic automaton over
 * twelve byte classes. Not thread safe: one instance per connection or per decoder. Allocates nothing.
 */
public final class Utf8Validator
{
    private static final long ASCII_MASK_8 = 0x8080808080808080L;

    // Byte classes: which lead or continuation range a byte falls in (RFC 3629 section 4 syntax).
    private static final int ASCII = 0;
    private static final int CONT_80_8F = 1;
    private static final int CONT_90_9F = 2;
    private static final int CONT_A0_BF = 3;
    private static final int LEAD_2 = 4;
    private static final int LEAD_E0 = 5;
    private static final int LEAD_3 = 6;
    private static final int LEAD_ED = 7;
    private static final int LEAD_F0 = 8;
    private static final int LEAD_4 = 9;
    private static final int LEAD_F4 = 10;
    private static final int NEVER_VALID = 11;
    private static final int CLASS_COUNT = 12;

    // States, premultiplied by CLASS_COUNT so a transition is one add and one load. Every state above REJECT is a
    // sequence still waiting for continuation bytes.
    private static final int ACCEPT = 0;
    private static final int REJECT = CLASS_COUNT;
    private static final int NEED_1 = 2 * CLASS_COUNT;
    private static final int NEED_2 = 3 * CLASS_COUNT;
    private static final int NEED_3 = 4 * CLASS_COUNT;
    private static final int AFTER_E0 = 5 * CLASS_COUNT;
    private static final int AFTER_ED = 6 * CLASS_COUNT;
    private static final int AFTER_F0 = 7 * CLASS_COUNT;
    private static final int AFTER_F4 = 8 * CLASS_COUNT;
    private static final int STATE_COUNT = 9;

    private static final byte[] BYTE_CLASS = new byte[256];
    private static final byte[] TRANSITIONS = new byte[STATE_COUNT * CLASS_COUNT];

    static
    {
        classify(0x00, 0x7F, ASCII);
        classify(0x80, 0x8F, CONT_80_8F);
        classify(0x90, 0x9F, CONT_90_9F);
        classify(0xA0, 0xBF, CONT_A0_BF);
        classify(0xC0, 0xC1, NEVER_VALID);
        classify(0xC2, 0xDF, LEAD_2);
        classify(0xE0, 0xE0, LEAD_E0);
        classify(0xE1, 0xEC, LEAD_3);
        classify(0xED, 0xED, LEAD_ED);
        classify(0xEE, 0xEF, LEAD_3);
        classify(0xF0, 0xF0, LEAD_F0);
        classify(0xF1, 0xF3, LEAD_4);
        classify(0xF4, 0xF4, LEAD_F4);
        classify(0xF5, 0xFF, NEVER_VALID);

        Arrays.fill(TRANSITIONS, (byte)REJECT);

        transition(ACCEPT, ASCII, ACCEPT);
        transition(ACCEPT, LEAD_2, NEED_1);
        transition(ACCEPT, LEAD_E0, AFTER_E0);
        transition(ACCEPT, LEAD_3, NEED_2);
        transition(ACCEPT, LEAD_ED, AFTER_ED);
        transition(ACCEPT, LEAD_F0, AFTER_F0);
        transition(ACCEPT, LEAD_4, NEED_3);
        transition(ACCEPT, LEAD_F4, AFTER_F4);

        anyContinuation(NEED_1, ACCEPT);
        anyContinuation(NEED_2, NEED_1);
        anyContinuation(NEED_3, NEED_2);

        // E0 80..9F would be overlong (below U+0800).
        transition(AFTER_E0, CONT_A0_BF, NEED_1);
        // ED A0..BF would encode a UTF-16 surrogate (U+D800..U+DFFF).
        transition(AFTER_ED, CONT_80_8F, NEED_1);
        transition(AFTER_ED, CONT_90_9F, NEED_1);
        // F0 80..8F would be overlong (below U+10000).
        transition(AFTER_F0, CONT_90_9F, NEED_2);
        transition(AFTER_F0, CONT_A0_BF, NEED_2);
        // F4 90..BF would be above U+10FFFF.
        transition(AFTER_F4, CONT_80_8F, NEED_2);
    }

    private int state = ACCEPT;

    /**
     * Forget everything seen so far, ready for the first byte of a new message.
     */
    public void reset()
    {
        state = ACCEPT;
    }

    /**
     * The validator's position in the current message, to be kept per connection so one validator can serve many
     * connections whose messages arrive interleaved.
     *
     * @return the state; 0 is the state after {@link #reset()}.
     */
    public int state()
    {
        return state;
    }

    /**
     * Continue a message from a state returned by {@link #state()}.
     *
     * @param state from {@link #state()}, or 0 for a new message.
     */
    public void resume(final int state)
    {
        this.state = state;
    }

    /**
     * Feed the next bytes of the current message.
     *
     * @param buffer holding the bytes.
     * @param offset of the first byte in the buffer.
     * @param length number of bytes to check.
     * @return true if everything fed since {@link #reset()} can still be the start of valid UTF-8, false as soon as
     * it cannot (and on every later call until {@link #reset()}).
     */
    public boolean validate(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        int index = offset;
        int state = this.state;
        while (true)
        {
            // Finish an open sequence, one continuation byte at a time, stopping at a rejection or the input's end.
            while (state > REJECT && index < end)
            {
                state = TRANSITIONS[state + BYTE_CLASS[buffer.getByte(index++) & 0xFF]];
            }

            if (ACCEPT != state)
            {
                break;
            }

            index = skipAsciiWords(buffer, index, end);
            if (index >= end)
            {
                break;
            }

            // From ACCEPT the next state depends only on the byte: indexing without the previous state lets the CPU
            // overlap characters instead of waiting on one long chain of dependent table loads.
            state = TRANSITIONS[ACCEPT + BYTE_CLASS[buffer.getByte(index++) & 0xFF]];
        }

        this.state = state;
        return REJECT != state;
    }

    /**
     * Whether the bytes fed since {@link #reset()} are complete valid UTF-8: no failure and no multi-byte sequence
     * left open. Call at the end of a message, where an open sequence means the text was truncated.
     *
     * @return true if the input so far is valid and ends on a character boundary.
     */
    public boolean isComplete()
    {
        return ACCEPT == state;
    }

    /**
     * Check a whole message in one call: {@link #reset()}, {@link #validate(DirectBuffer, int, int)} and
     * {@link #isComplete()}.
     *
     * @param buffer holding the bytes.
     * @param offset of the first byte in the buffer.
     * @param length number of bytes to check.
     * @return true if the bytes are exactly a sequence of valid UTF-8 characters.
     */
    public boolean validateWhole(final DirectBuffer buffer, final int offset, final int length)
    {
        reset();
        return validate(buffer, offset, length) && isComplete();
    }

    private static int skipAsciiWords(final DirectBuffer buffer, final int start, final int end)
    {
        int index = start;
        final int lastWordStart = end - Long.BYTES;
        while (index <= lastWordStart && 0 == (buffer.getLong(index) & ASCII_MASK_8))
        {
            index += Long.BYTES;
        }

        return index;
    }

    private static void classify(final int firstByte, final int lastByte, final int byteClass)
    {
        for (int b = firstByte; b <= lastByte; b++)
        {
            BYTE_CLASS[b] = (byte)byteClass;
        }
    }

    private static void transition(final int fromState, final int byteClass, final int toState)
    {
        TRANSITIONS[fromState + byteClass] = (byte)toState;
    }

    private static void anyContinuation(final int fromState, final int toState)
    {
        transition(fromState, CONT_80_8F, toState);
        transition(fromState, CONT_90_9F, toState);
        transition(fromState, CONT_A0_BF, toState);
    }
}
