package io.holdfast.ops.bench;

import java.util.List;

/**
 * What the results table says about the run itself, so that anyone can judge and repeat it.
 *
 * @param date     when the run started, in UTC.
 * @param machine  processors, CPU model, memory and kernel.
 * @param runtimes what each server ran on ("holdfast: JDK 17.0.15+6"), one entry per server.
 * @param command  the exact command.
 * @param method   how the load was applied and measured, one sentence per entry.
 */
record RunHeader(String date, String machine, List<String> runtimes, String command, List<String> method)
{
}
