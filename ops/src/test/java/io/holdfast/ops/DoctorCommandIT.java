package io.holdfast.ops;

import io.holdfast.ops.HoldfastProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import static io.holdfast.ops.HoldfastProcess.ANY_PORT;
import static io.holdfast.ops.HoldfastProcess.LOOPBACK;
import static io.holdfast.ops.HoldfastProcess.NO_STATUS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code ops/bin/holdfast doctor} on this machine (open-file limit 20,000, 2 processors): configurations it
 * must FAIL with exit status 1 and the bundled one it must pass; and {@code serve} refusing to start on the same
 * FAIL, or starting with {@code --force}. The open-file limit is set to this machine's for each process, so the
 * tests mean the same on a host with a higher one.
 */
@Timeout(value = 60, unit = SECONDS)
final class DoctorCommandIT
{
    private static final int OPEN_FILE_LIMIT = 20_000;
    private static final String TOO_MANY_CONNECTIONS = "holdfast.max.connections=25000";
    /** The columns of a doctor line: the verdict, then the check's name padded to the longest name. */
    private static final int CHECK_COLUMN = "WARN  ".length();
    private static final int DETAIL_COLUMN = CHECK_COLUMN + "listen backlog  ".length();
    /** With {@link HoldfastProcess#ANY_PORT}: the bundled ports, 8080 and 9464, may be in use on this machine. */
    private static final String ANY_ADMIN_PORT = "holdfast.admin.port=0";

    @TempDir
    Path directory;

    @Test
    void shouldPassTheBundledConfigurationOnThisMachine() throws Exception
    {
        final Result result = doctorWithThisMachinesFileLimit();

        assertEquals(Main.EXIT_OK, result.status(), String.join("\n", result.stdout()) + result.stderr());
        assertEquals("", result.stderr());
        final List<String> lines = result.stdout();
        assertEquals(14, lines.size(), String.join("\n", lines));
        for (final String line : lines.subList(0, lines.size() - 1))
        {
            assertTrue(line.startsWith("OK    ") || line.startsWith("WARN  "), line);
            assertTrue(line.charAt(DETAIL_COLUMN - 1) == ' ' && line.charAt(DETAIL_COLUMN) != ' ', "columns: " + line);
        }
        assertTrue(line(lines, "open files").startsWith(
            "OK    open files      soft 20000 hard 20000: room for 19872 connections (holdfast.max.connections auto)"),
            String.join("\n", lines));
        assertTrue(line(lines, "cpus").startsWith("OK"), line(lines, "cpus"));
        assertTrue(lines.get(lines.size() - 1).matches("13 checks: \\d+ OK, \\d+ WARN, 0 FAIL"), lines.toString());
    }

    @Test
    void shouldFailMaxConnectionsAboveTheOpenFilesLimit() throws Exception
    {
        final Result result = doctorWithThisMachinesFileLimit(TOO_MANY_CONNECTIONS);

        assertEquals(Main.EXIT_FAILED, result.status(), String.join("\n", result.stdout()));
        assertEquals("FAIL  open files      holdfast.max.connections 25000 needs 25128 open files (128 kept for " +
            "listeners, selectors and files), more than the open files limit (soft 20000 hard 20000); set " +
            "holdfast.max.connections to at most 19872 (or auto), or raise the open files limit to 25128 (systemd: " +
            "LimitNOFILE=25128; shell: ulimit -n 25128, up to the hard limit; above it: nofile in " +
            "/etc/security/limits.conf)", line(result.stdout(), "open files"));
        assertTrue(result.stdout().get(result.stdout().size() - 1).endsWith(" 1 FAIL"), result.stdout().toString());
    }

    @Test
    void shouldFailBusySpinOnMoreWorkersThanProcessors() throws Exception
    {
        final int workers = Runtime.getRuntime().availableProcessors() + 2;
        final Result result = HoldfastProcess.runToExit(directory, "doctor", ANY_PORT, ANY_ADMIN_PORT,
            "holdfast.idle.strategy=busy-spin", "holdfast.workers=" + workers);

        assertEquals(Main.EXIT_FAILED, result.status(), String.join("\n", result.stdout()));
        final String cpus = line(result.stdout(), "cpus");
        assertTrue(cpus.startsWith("FAIL  cpus            " + workers + " workers on " +
            Runtime.getRuntime().availableProcessors() + " available processors, holdfast.idle.strategy busy-spin"),
            cpus);
    }

    @Test
    void shouldFailATakenListenPort() throws Exception
    {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Result result = HoldfastProcess.runToExit(directory, "doctor", LOOPBACK,
                "holdfast.listen.port=" + taken.getLocalPort(), ANY_ADMIN_PORT);

            assertEquals(Main.EXIT_FAILED, result.status(), String.join("\n", result.stdout()));
            assertTrue(line(result.stdout(), "listen port").startsWith(
                "FAIL  listen port     cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "),
                result.stdout().toString());
        }
    }

    @Test
    void shouldRefuseABadConfigurationAsServeDoes() throws Exception
    {
        final Result result = HoldfastProcess.runToExit(directory, "doctor", "holdfast.max.frame=lots");

        result.assertFirstLineError(Main.EXIT_USAGE, "holdfast doctor: command line: holdfast.max.frame=lots is not " +
            "valid; expected a size");
    }

    @Test
    void serveShouldRefuseToStartOnAFailWithOneLine() throws Exception
    {
        try (HoldfastProcess serve = HoldfastProcess.startWithOpenFileLimit(directory, OPEN_FILE_LIMIT, "serve",
            LOOPBACK, ANY_PORT, NO_STATUS, TOO_MANY_CONNECTIONS))
        {
            final Result result = serve.awaitResult();

            result.assertOneLineError(Main.EXIT_FAILED, "holdfast serve: holdfast.max.connections 25000 needs 25128 " +
                "open files", "more than the open files limit (soft 20000 hard 20000)", "LimitNOFILE=25128");
        }
    }

    @Test
    void serveShouldStartDespiteAFailWithForce() throws Exception
    {
        try (HoldfastProcess serve = HoldfastProcess.startWithOpenFileLimit(directory, OPEN_FILE_LIMIT, "serve",
            "--force", LOOPBACK, ANY_PORT, NO_STATUS, TOO_MANY_CONNECTIONS))
        {
            final Matcher listening = serve.awaitListening();

            assertEquals("25000", listening.group(4));
            final String stderr = serve.stderr();
            assertTrue(stderr.startsWith("holdfast serve: warning: holdfast.max.connections 25000 needs 25128 open " +
                "files"), stderr);
            assertEquals(1, stderr.lines().count(), stderr);
            assertEquals(Main.EXIT_OK, serve.terminate());
            assertFalse(serve.stderr().contains("\tat "), serve.stderr());
        }
    }

    /**
     * Run doctor on free ports, with this machine's open-file limit.
     */
    private Result doctorWithThisMachinesFileLimit(final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("doctor", ANY_PORT, ANY_ADMIN_PORT));
        command.addAll(List.of(args));
        try (HoldfastProcess doctor = HoldfastProcess.startWithOpenFileLimit(
            directory, OPEN_FILE_LIMIT, command.toArray(String[]::new)))
        {
            return doctor.awaitResult();
        }
    }

    /**
     * @return the line of the check, whose name follows the verdict's column.
     */
    private static String line(final List<String> lines, final String check)
    {
        return lines.stream()
            .filter((line) -> line.length() > CHECK_COLUMN && line.startsWith(check + "  ", CHECK_COLUMN))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no line for " + check + " in " + lines));
    }
}
