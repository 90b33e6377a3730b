package io.holdfast.ops.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code net.core.somaxconn} against {@code holdfast.listen.backlog}: equal passes, one less WARNs.
 */
final class ListenBacklogCheckTest
{
    @TempDir
    Path root;

    @Test
    void shouldPassASomaxconnAsLargeAsTheBacklog() throws Exception
    {
        assertEquals(new Finding("listen backlog", Severity.OK,
            "net.core.somaxconn 4096, holdfast.listen.backlog 4096", ""), check("4096"));
    }

    @Test
    void shouldWarnOfASomaxconnBelowTheBacklog() throws Exception
    {
        assertEquals(new Finding("listen backlog", Severity.WARN,
            "net.core.somaxconn 4095, holdfast.listen.backlog 4096: the kernel caps the accept queue at 4095",
            "sysctl -w net.core.somaxconn=4096 (and in /etc/sysctl.d/ to keep it), or set " +
            "holdfast.listen.backlog=4095"), check("4095"));
    }

    private Finding check(final String somaxconn) throws Exception
    {
        return new ListenBacklogCheck().run(FakeHost.server(FakeHost.engine().listenBacklog(4096), root),
            new FakeHost(root).sysctl("net.core.somaxconn", somaxconn).facts());
    }
}
