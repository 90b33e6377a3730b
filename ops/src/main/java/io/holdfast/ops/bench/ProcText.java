package io.holdfast.ops.bench;

/**
 * Parsers for what Linux reports about a process: its CPU time in {@code /proc/PID/stat}, its resident set in
 * {@code /proc/PID/status} and in the total line of {@code pmap -x PID}. Each throws an
 * {@link IllegalArgumentException} saying what it expected, for a kernel or procps that prints another form.
 */
final class ProcText
{
    /** Fields of /proc/PID/stat after the command name: state is field 3, utime 14 and stime 15 (proc(5)). */
    private static final int FIRST_FIELD_AFTER_NAME = 3;
    private static final int UTIME_FIELD = 14;
    private static final int STIME_FIELD = 15;
    private static final String VM_RSS = "VmRSS:";
    /** pmap -x's last line: "total kB", then Kbytes, RSS and Dirty. */
    private static final int PMAP_RSS_FIELD = 3;

    private ProcText()
    {
    }

    /**
     * @param stat the one line of /proc/PID/stat.
     * @return user plus system CPU time of all the process's threads, in clock ticks.
     */
    static long cpuTicks(final String stat)
    {
        // The command name, field 2, is in parentheses and may itself hold spaces and parentheses.
        final int nameEnd = stat.lastIndexOf(')');
        if (nameEnd < 0)
        {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
        }
        final String[] fields = stat.substring(nameEnd + 1).trim().split("\\s+");
        if (fields.length <= STIME_FIELD - FIRST_FIELD_AFTER_NAME)
        {
            throw new IllegalArgumentException("too few fields in /proc/PID/stat: " + stat);
        }
        return Long.parseLong(fields[UTIME_FIELD - FIRST_FIELD_AFTER_NAME]) +
            Long.parseLong(fields[STIME_FIELD - FIRST_FIELD_AFTER_NAME]);
    }

    /**
     * @param status the text of /proc/PID/status.
     * @return the VmRSS line's value in KiB.
     */
    static long vmRssKib(final String status)
    {
        for (final String line : status.split("\n"))
        {
            if (line.startsWith(VM_RSS))
            {
                final String[] fields = line.substring(VM_RSS.length()).trim().split("\\s+");
                if (fields.length == 2 && "kB".equals(fields[1]))
                {
                    return Long.parseLong(fields[0]);
                }
                throw new IllegalArgumentException("unexpected VmRSS line: " + line);
            }
        }
        throw new IllegalArgumentException("no VmRSS line in /proc/PID/status (is the process a zombie?)");
    }

    /**
     * @param totalLine the last line of {@code pmap -x PID}, as {@code total kB  2681576  166560  152948}.
     * @return its RSS column in KiB.
     */
    static long pmapRssKib(final String totalLine)
    {
        final String[] fields = totalLine.trim().split("\\s+");
        if (fields.length <= PMAP_RSS_FIELD || !"total".equals(fields[0]) || !"kB".equals(fields[1]))
        {
            throw new IllegalArgumentException("not a pmap -x total line: " + totalLine);
        }
        return Long.parseLong(fields[PMAP_RSS_FIELD]);
    }
}
