package io.holdfast.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a bench ran on, in one line: processors ({@code nproc}), CPU model ({@code /proc/cpuinfo}), memory
 * ({@code /proc/meminfo}) and kernel ({@code uname -r}). What cannot be read is shown as unknown.
 */
final class MachineInfo
{
    private static final String UNKNOWN = "unknown";
    private static final double KIB_PER_GIB = 1024.0 * 1024.0;

    private MachineInfo()
    {
    }

    /**
     * @return as {@code 2 processors (Intel(R) Xeon(R) Processor), 23.5 GiB memory, Linux 6.1.0}.
     */
    static String describe()
    {
        return commandOutput("nproc") + " processors (" + cpuModel() + "), " + memory() + " memory, Linux " +
            commandOutput("uname", "-r");
    }

    /**
     * @param cpuinfo the text of /proc/cpuinfo.
     * @return the first "model name" value, or unknown.
     */
    static String cpuModel(final String cpuinfo)
    {
        return cpuinfo.lines()
            .filter((line) -> line.startsWith("model name"))
            .map((line) -> line.substring(line.indexOf(':') + 1).trim())
            .findFirst()
            .orElse(UNKNOWN);
    }

    /**
     * @param meminfo the text of /proc/meminfo.
     * @return MemTotal in GiB with one decimal, as {@code 23.5 GiB}, or unknown.
     */
    static String memory(final String meminfo)
    {
        return meminfo.lines()
            .filter((line) -> line.startsWith("MemTotal:"))
            .map((line) -> line.substring("MemTotal:".length()).trim().split("\\s+")[0])
            .map((kib) -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kib) / KIB_PER_GIB))
            .findFirst()
            .orElse(UNKNOWN);
    }

    private static String cpuModel()
    {
        return cpuModel(procFile("cpuinfo"));
    }

    private static String memory()
    {
        return memory(procFile("meminfo"));
    }

    private static String procFile(final String name)
    {
        try
        {
            return Files.readString(Path.of("/proc", name));
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    private static String commandOutput(final String... command)
    {
        try
        {
            return ShortCommand.output(command);
        }
        catch (final IOException ex)
        {
            return UNKNOWN;
        }
    }
}
