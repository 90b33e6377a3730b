package io.holdfast.ops.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks {@code holdfast doctor} runs, and the ones {@code holdfast serve} runs before it starts: those that
 * can FAIL, each of which makes the configuration impossible or unsafe on this host.
 */
public final class HostChecks
{
    private HostChecks()
    {
    }

    /**
     * @return every check, in the order doctor prints them: the process and its configuration, then the kernel.
     */
    public static List<HostCheck> all()
    {
        return List.of(new OpenFilesCheck(), new CpuCheck(), new JdkCheck(), new JvmFlagsCheck(),
            new DirectoryCheck(), PortCheck.listen(), PortCheck.admin(), new ListenBacklogCheck(),
            new TcpMemoryCheck(), new LocalPortRangeCheck(), new SwapCheck(), new HugePagesCheck(),
            new SecretFilesCheck());
    }

    /**
     * @return the checks that can FAIL, which serve runs before it starts.
     */
    public static List<HostCheck> preflight()
    {
        return List.of(new OpenFilesCheck(), new CpuCheck(), new JdkCheck(), new DirectoryCheck(), PortCheck.listen(),
            PortCheck.admin());
    }

    /**
     * Run the checks in order. A fact a check cannot read makes its line a WARN saying which, so doctor runs to the
     * end on any host.
     *
     * @return one finding per check.
     */
    public static List<Finding> run(final List<HostCheck> checks, final PlannedServer server, final HostFacts host)
    {
        final List<Finding> findings = new ArrayList<>(checks.size());
        for (final HostCheck check : checks)
        {
            try
            {
                findings.add(check.run(server, host));
            }
            catch (final HostFactException ex)
            {
                findings.add(Finding.warn(check.name(), ex.getMessage(), ""));
            }
        }
        return findings;
    }
}
