package io.holdfast.ops.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JDK's version: 17 and later pass, older ones FAIL.
 */
final class JdkCheckTest
{
    @TempDir
    Path root;

    @Test
    void shouldPassJdk17AndLater()
    {
        assertEquals(new Finding("jdk", Severity.OK, "Java 17.0.15+6 (Test Vendor) in /opt/jdk", ""),
            check("17.0.15+6"));
        assertEquals(Severity.OK, check("25+36").severity());
    }

    @Test
    void shouldFailAJdkOlderThan17()
    {
        assertEquals(new Finding("jdk", Severity.FAIL, "Java 11.0.2 (Test Vendor) in /opt/jdk, older than 17",
            "set JAVA_HOME to a JDK 17 or later"), check("11.0.2"));
    }

    private Finding check(final String version)
    {
        return new JdkCheck().run(
            FakeHost.server(FakeHost.engine(), root), new FakeHost(root).version(version).facts());
    }
}
