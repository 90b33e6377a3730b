package io.holdfast.ops;

import io.holdfast.engine.EngineConfiguration;
import io.holdfast.ops.doctor.Finding;
import io.holdfast.ops.doctor.HostChecks;
import io.holdfast.ops.doctor.HostFacts;
import io.holdfast.ops.doctor.PlannedServer;
import io.holdfast.ops.doctor.Severity;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

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
        final Map<String, Path> secretFiles = new TreeMap<>();
        if (config.adminTokenFile() != null)
        {
            secretFiles.put(OpsConfiguration.ADMIN_TOKEN_FILE_PROP_NAME, config.adminTokenFile());
        }
        if (config.jwtSecretFile() != null)
        {
            secretFiles.put(EngineConfiguration.AUTH_JWT_SECRET_FILE_PROP_NAME, config.jwtSecretFile());
        }
        return new PlannedServer(config.engine(), config.directory(), config.adminEnabled(), config.adminAddress(),
            config.adminPort(), secretFiles);
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
