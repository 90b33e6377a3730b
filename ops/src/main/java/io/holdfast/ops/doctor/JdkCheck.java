package io.holdfast.ops.doctor;

/**
 * The JDK the launcher runs, which is the one serve would run: holdfast needs 17 or later. (An older JVM cannot load
 * holdfast's classes at all, so a FAIL here is seen only when the facts come from elsewhere, as in tests.)
 */
final class JdkCheck implements HostCheck
{
    static final String NAME = "jdk";
    static final int MIN_FEATURE_VERSION = 17;

    public String name()
    {
        return NAME;
    }

    public Finding run(final PlannedServer server, final HostFacts host)
    {
        final JvmFacts jvm = host.jvm();
        final String seen = "Java " + jvm.version() + " (" + jvm.vendor() + ") in " + jvm.javaHome();
        if (jvm.version().feature() < MIN_FEATURE_VERSION)
        {
            return Finding.fail(NAME, seen + ", older than " + MIN_FEATURE_VERSION,
                "set JAVA_HOME to a JDK " + MIN_FEATURE_VERSION + " or later");
        }
        return Finding.ok(NAME, seen);
    }
}
