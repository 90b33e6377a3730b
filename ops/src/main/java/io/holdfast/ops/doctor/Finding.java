package io.holdfast.ops.doctor;

/**
 * What one check found: its verdict, what it saw with the numbers, and for a WARN or FAIL the fix, an exact command
 * or setting written as an instruction ("set holdfast.workers to at most 2").
 *
 * @param check    the check's name, as {@code open files}.
 * @param severity the verdict.
 * @param detail   what was checked and seen, one clause that stands on its own.
 * @param fix      what to do; empty for OK.
 */
public record Finding(String check, Severity severity, String detail, String fix)
{
    static Finding ok(final String check, final String detail)
    {
        return new Finding(check, Severity.OK, detail, "");
    }

    static Finding warn(final String check, final String detail, final String fix)
    {
        return new Finding(check, Severity.WARN, detail, fix);
    }

    static Finding fail(final String check, final String detail, final String fix)
    {
        return new Finding(check, Severity.FAIL, detail, fix);
    }

    /**
     * @return the detail followed by the fix, the text both doctor's table and serve's refusal print.
     */
    public String text()
    {
        return fix.isEmpty() ? detail : detail + "; " + fix;
    }
}
