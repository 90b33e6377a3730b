package io.holdfast.ops.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The machine line of the results header, from recorded /proc samples and from this machine.
 */
final class MachineInfoTest
{
    @Test
    void shouldReadTheCpuModelAndMemory()
    {
        final String cpuinfo = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) " +
            "Processor\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R) Processor\n";

        assertEquals("Intel(R) Xeon(R) Processor", MachineInfo.cpuModel(cpuinfo));
        assertEquals("23.5 GiB", MachineInfo.memory("MemTotal:       24684084 kB\nMemFree:  1000 kB\n"));
        assertEquals("unknown", MachineInfo.cpuModel("processor\t: 0\n"));
        assertEquals("unknown", MachineInfo.memory(""));
    }

    @Test
    void shouldDescribeThisMachine()
    {
        final String machine = MachineInfo.describe();

        assertTrue(machine.matches("\\d+ processors \\(.+\\), \\d+\\.\\d GiB memory, Linux \\S+"), machine);
    }
}
