package io.holdfast.ops.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks together: every one has a line on a host without /proc or /sys, where what cannot be read is a WARN
 * saying so; serve runs exactly the ones that can FAIL; and this machine passes the bundled configuration.
 */
final class HostChecksTest
{
    @TempDir
    Path root;

    @Test
    void shouldWarnOfWhatCannotBeReadOnAHostWithoutProcAndRunToTheEnd()
    {
        final List<Finding> findings = HostChecks.run(HostChecks.all(),
            FakeHost.server(FakeHost.engine().listenPort(0), root), new FakeHost(root.resolve("not-linux")).facts());

        assertEquals(HostChecks.all().size(), findings.size());
        assertEquals(new Finding("listen backlog", Severity.WARN,
            "cannot read /proc/sys/net/core/somaxconn: no such file", ""), finding(findings, "listen backlog"));
        assertEquals(new Finding("huge pages", Severity.WARN,
            "cannot read /sys/kernel/mm/transparent_hugepage/enabled: no such file", ""),
            finding(findings, "huge pages"));
        for (final Finding finding : findings)
        {
            assertNotEquals(Severity.FAIL, finding.severity(), finding.toString());
        }
    }

    @Test
    void shouldRunInServeTheChecksThatCanFail()
    {
        assertEquals(List.of("open files", "cpus", "jdk", "directory", "listen port", "admin port"),
            HostChecks.preflight().stream().map(HostCheck::name).toList());
        assertTrue(HostChecks.all().stream().map(HostCheck::name).toList()
            .containsAll(HostChecks.preflight().stream().map(HostCheck::name).toList()));
    }

    @Test
    void shouldPassTheDefaultsOnThisMachine()
    {
        final PlannedServer server = new PlannedServer(
            FakeHost.engine().listenAddress("127.0.0.1").listenPort(0), root.resolve("run"), true, "127.0.0.1", 0,
            Map.of());

        for (final Finding finding : HostChecks.run(HostChecks.preflight(), server, HostFacts.ofThisHost()))
        {
            assertNotEquals(Severity.FAIL, finding.severity(), finding.toString());
        }
    }

    private static Finding finding(final List<Finding> findings, final String check)
    {
        return findings.stream().filter((finding) -> finding.check().equals(check)).findFirst().orElseThrow();
    }
}
