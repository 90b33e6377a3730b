package io.holdfast.ops.doctor;

import io.holdfast.engine.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The open-file limit against {@code holdfast.max.connections}: the FAIL boundary of an explicit limit, what
 * {@code auto} comes to, and limits the host does not report.
 */
final class OpenFilesCheckTest
{
    private static final String LIMITS = "Limit                     Soft Limit           Hard Limit           Units\n" +
        "Max cpu time              unlimited            unlimited            seconds\n" +
        "Max open files            20000                20000                files\n";

    @TempDir
    Path root;

    @Test
    void shouldSayWhatAutoComesToOnThisMachinesLimit() throws Exception
    {
        final Finding finding = check(FakeHost.engine(), host());

        assertEquals(new Finding("open files", Severity.OK,
            "soft 20000 hard 20000: room for 19872 connections (holdfast.max.connections auto)", ""), finding);
    }

    @Test
    void shouldPassAnExplicitLimitThatFillsTheOpenFilesLimitExactly() throws Exception
    {
        final Finding finding = check(FakeHost.engine().maxConnections(19_872), host());

        assertEquals(Severity.OK, finding.severity(), finding.text());
        assertEquals("soft 20000 hard 20000: holdfast.max.connections 19872 needs 20000 open files (128 kept for " +
            "listeners, selectors and files)", finding.detail());
    }

    @Test
    void shouldFailAnExplicitLimitOneAboveTheOpenFilesLimitNamingTheLimitAndTheFix() throws Exception
    {
        final Finding finding = check(FakeHost.engine().maxConnections(19_873), host());

        assertEquals(Severity.FAIL, finding.severity());
        assertEquals("holdfast.max.connections 19873 needs 20001 open files (128 kept for listeners, selectors and " +
            "files), more than the open files limit (soft 20000 hard 20000)", finding.detail());
        assertTrue(finding.fix().startsWith("set holdfast.max.connections to at most 19872 (or auto), or raise the " +
            "open files limit to 20001 (systemd: LimitNOFILE=20001; shell: ulimit -n 20001"), finding.fix());
    }

    @Test
    void shouldWarnWhenAutoComesToFewConnections() throws Exception
    {
        final Finding few = check(FakeHost.engine(), host().openFilesSoftLimit(10_127));
        final Finding enough = check(FakeHost.engine(), host().openFilesSoftLimit(10_128));

        assertEquals(Severity.WARN, few.severity(), few.text());
        assertTrue(few.detail().contains("room for 9999 connections"), few.detail());
        assertTrue(few.fix().contains("LimitNOFILE=65536"), few.fix());
        assertEquals(Severity.OK, enough.severity(), enough.text());
    }

    @Test
    void shouldWarnWhenWorkersNeedMoreDescriptorsThanAutoKeepsBack() throws Exception
    {
        // 32 for the process, 3 for each of 64 workers and 4 for the admin endpoint: 228, not the engine's 128.
        final Finding finding = check(new EngineConfig().workers(64), host());

        assertEquals(Severity.WARN, finding.severity(), finding.text());
        assertTrue(finding.detail().endsWith("holdfast.max.connections auto comes to 19872 connections, but with " +
            "64 workers only 19772 fit"), finding.detail());
        assertTrue(finding.fix().startsWith("set holdfast.max.connections=19772"), finding.fix());
    }

    @Test
    void shouldCountTheWorkersOfAnExplicitLimitOnceTheyOutgrowTheReserve() throws Exception
    {
        final Finding finding = check(new EngineConfig().workers(64).maxConnections(19_773), host());

        assertEquals(Severity.FAIL, finding.severity(), finding.text());
    }

    @Test
    void shouldShowAnUnlimitedOrUnreadableHardLimit() throws Exception
    {
        final Finding unlimited = check(FakeHost.engine(), host().file("/proc/self/limits",
            "Max open files            20000                unlimited            files\n"));
        final Finding unreadable = check(FakeHost.engine(), new FakeHost(root.resolve("empty")));

        assertTrue(unlimited.detail().startsWith("soft 20000 hard unlimited: "), unlimited.detail());
        assertTrue(unreadable.detail().startsWith(
            "soft 20000 hard unknown (cannot read /proc/self/limits: no such file): room for 19872"),
            unreadable.detail());
    }

    @Test
    void shouldWarnWhenTheJvmCannotTellTheLimit() throws Exception
    {
        final Finding finding = check(FakeHost.engine(), host().openFilesSoftLimit(JvmFacts.UNKNOWN));

        assertEquals(Severity.WARN, finding.severity());
        assertEquals("this JVM cannot tell the open files limit (not a Unix JVM); make sure the limit is above " +
            "holdfast.max.connections auto plus 128", finding.text());
    }

    private FakeHost host() throws Exception
    {
        return new FakeHost(root).file("/proc/self/limits", LIMITS);
    }

    private Finding check(final EngineConfig engine, final FakeHost host)
    {
        return new OpenFilesCheck().run(FakeHost.server(engine, root.resolve("run")), host.facts());
    }
}
