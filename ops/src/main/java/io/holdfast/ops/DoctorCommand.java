package io.holdfast.ops;

import io.holdfast.ops.doctor.Finding;
import io.holdfast.ops.doctor.HostChecks;
import io.holdfast.ops.doctor.HostFacts;
import io.holdfast.ops.doctor.Severity;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code holdfast doctor}: checks this host against the configuration {@code holdfast serve} would start with from
 * the same arguments, and prints one line per check in aligned columns: OK, WARN or FAIL, the check, what it saw
 * with the numbers, and for a WARN or FAIL the fix; then a count of each. A configuration serve would refuse is
 * refused here with the same message and status 2; otherwise the status is 1 when a check FAILs, else 0.
 */
final class DoctorCommand
{
    private static final String USAGE = "usage: holdfast doctor [--config FILE]... [key=value]...";
    private static final int SEVERITY_WIDTH = "WARN".length() + 2;
    private static final int COLUMN_GAP = 2;

    private DoctorCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final ServerConfig config;
        try
        {
            config = ConfigArguments.parse(args).load();
        }
        catch (final ConfigException ex)
        {
            err.println("holdfast doctor: " + ex.getMessage());
            err.println(USAGE);
            return Main.EXIT_USAGE;
        }
        final List<Finding> findings =
            HostChecks.run(HostChecks.all(), Preflight.plannedServer(config), HostFacts.ofThisHost());
        print(findings, out);
        return findings.stream().anyMatch((finding) -> finding.severity() == Severity.FAIL) ?
            Main.EXIT_FAILED : Main.EXIT_OK;
    }

    private static void print(final List<Finding> findings, final PrintStream out)
    {
        int checkWidth = 0;
        for (final Finding finding : findings)
        {
            checkWidth = Math.max(checkWidth, finding.check().length());
        }
        final String format = "%-" + SEVERITY_WIDTH + "s%-" + (checkWidth + COLUMN_GAP) + "s%s%n";
        final int[] counts = new int[Severity.values().length];
        for (final Finding finding : findings)
        {
            out.printf(format, finding.severity(), finding.check(), finding.text());
            counts[finding.severity().ordinal()]++;
        }
        out.println(findings.size() + " checks: " + counts[Severity.OK.ordinal()] + " OK, " +
            counts[Severity.WARN.ordinal()] + " WARN, " + counts[Severity.FAIL.ordinal()] + " FAIL");
        out.flush();
    }
}
