package io.holdfast.ops;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the admin pages back for tests: {@code /metrics} line by line, checked by Prometheus' own
 * {@code promtool}, and {@code /stats} parsed by Python's JSON parser, so neither check trusts code written here.
 */
final class AdminPages
{
    /** Prints each leaf of a JSON document as {@code dotted.path=value}, the value as JSON. */
    private static final String FLATTEN_JSON = String.join("\n",
        "import json, sys",
        "def walk(path, value):",
        "    if isinstance(value, dict):",
        "        for key, item in value.items():",
        "            walk(path + [key], item)",
        "    elif isinstance(value, list):",
        "        for index, item in enumerate(value):",
        "            walk(path + [str(index)], item)",
        "    else:",
        "        print('.'.join(path) + '=' + json.dumps(value))",
        "walk([], json.load(sys.stdin))");

    private static final long COUNTERS_WAIT_MS = 10_000;
    private static final long POLL_MS = 20;

    private AdminPages()
    {
    }

    /**
     * Fail unless {@code promtool check metrics} accepts the page without a single remark.
     */
    static void assertPromtoolAccepts(final String metrics) throws Exception
    {
        final Path promtool = ExternalTool.require("promtool", "prometheus");
        final ExternalTool.Output output = ExternalTool.run(metrics, promtool, "check", "metrics");
        output.assertSucceeded("promtool check metrics");
        assertEquals("", output.text(), "promtool check metrics reported problems");
    }

    /**
     * Read the samples of a Prometheus text page, checking that each belongs to a family announced before it with
     * {@code # HELP} and {@code # TYPE}.
     *
     * @return each sample, name with labels as written, mapped to its value as written.
     */
    static Map<String, String> parseMetrics(final String metrics)
    {
        final Set<String> helped = new HashSet<>();
        final Set<String> typed = new HashSet<>();
        final Map<String, String> samples = new LinkedHashMap<>();
        for (final String line : metrics.split("\n"))
        {
            final String[] words = line.split(" ");
            if (line.startsWith("# HELP "))
            {
                assertTrue(helped.add(words[2]), "second HELP for " + words[2]);
            }
            else if (line.startsWith("# TYPE "))
            {
                assertTrue(typed.add(words[2]), "second TYPE for " + words[2]);
            }
            else
            {
                assertEquals(2, words.length, "sample line: " + line);
                final int labels = words[0].indexOf('{');
                final String family = labels < 0 ? words[0] : words[0].substring(0, labels);
                assertTrue(helped.contains(family) && typed.contains(family), "no HELP and TYPE before " + line);
                assertFalse(samples.containsKey(words[0]), "second sample " + words[0]);
                samples.put(words[0], words[1]);
            }
        }
        return samples;
    }

    /**
     * Read {@code /metrics} until it shows the expected samples: workers publish counters as they go, so a close or
     * a delivery may be counted a moment after the client saw it complete.
     *
     * @param expected sample names with labels, as written, mapped to their values.
     * @return the last page read, holding the expected samples unless the wait ran out.
     */
    static String awaitMetrics(final AdminClient admin, final Map<String, String> expected) throws Exception
    {
        final long deadlineNs = System.nanoTime() + MILLISECONDS.toNanos(COUNTERS_WAIT_MS);
        while (true)
        {
            final HttpResponse<String> response = admin.get("/metrics");
            assertEquals(200, response.statusCode());
            final Map<String, String> samples = parseMetrics(response.body());
            if (samples.entrySet().containsAll(expected.entrySet()) || System.nanoTime() > deadlineNs)
            {
                return response.body();
            }
            Thread.sleep(POLL_MS);
        }
    }

    /**
     * Parse JSON with Python's parser, which fails on anything that is not JSON.
     *
     * @return each leaf as {@code dotted.path} mapped to its value written as JSON: {@code 12}, {@code "serving"}.
     */
    static Map<String, String> parseJson(final String json) throws Exception
    {
        final Path python = ExternalTool.require("python3", "python3");
        final ExternalTool.Output output = ExternalTool.run(json, python, "-c", FLATTEN_JSON);
        output.assertSucceeded("python3 json.load of:\n" + json + "\n");
        final Map<String, String> leaves = new LinkedHashMap<>();
        for (final String line : output.text().split("\n"))
        {
            final int equals = line.indexOf('=');
            leaves.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return leaves;
    }
}
