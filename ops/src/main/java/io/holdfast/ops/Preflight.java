package io.holdfast.ops;

import io.holdfast.ops.doctor.Finding;
import io.holdfast.ops.doctor.HostChecks;
import io.holdfast.ops.doctor.HostFacts;
import io.holdfast.ops.doctor.PlannedServer;
import io.holdfast.ops.doctor.Severity;

import java.io.PrintStream;

/**
 * What {@code holdfast serve} checks before it starts: the checks of {@code holdfast doctor} that can FAIL (open
 * files, workers against processors, the JDK, {@code holdfast.dir}, the ports), run by the same code. A FAIL stops
 * serve with one line each, unless {@code --force} makes them warnings.
 */
final class Preflight
{
    /** The serve flag that starts the server despite a FAIL. */
    static final String FORCE = "--force";

    private Preflight()
    {
    }

    /**
     * @return the server the configuration describes, as the checks see it.
     */
    static PlannedServer plannedServer(final ServerConfig config)
    {
        return new PlannedServer(
            config.engine(), config.directory(), config.adminEnabled(), config.adminAddress(), config.adminPort());
    }

    /**
     * Run the checks that can FAIL and print a line on {@code err} for each FAIL: {@code holdfast serve: } and
     * the finding; with {@code force}, {@code holdfast serve: warning: } and the finding.
     *
     * @return whether serve may start: no FAIL, or {@code force}.
     */
    static boolean passes(final ServerConfig config, final boolean force, final PrintStream err)
    {
        boolean passes = true;
        for (final Finding finding : HostChecks.run(HostChecks.preflight(), plannedServer(config),
            HostFacts.ofThisHost()))
        {
            if (finding.severity() == Severity.FAIL)
            {
                err.println("holdfast serve: " + (force ? "warning: " : "") + finding.text());
                passes = force;
            }
        }
        err.flush();
        return passes;
    }
}
