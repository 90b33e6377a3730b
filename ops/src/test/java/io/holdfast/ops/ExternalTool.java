package io.holdfast.ops;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A program of the machine (promtool, python3) run as a child process with text on its stdin, for tests that check
 * what holdfast serves with tools nobody here wrote. A missing program skips the test on a developer machine but
 * fails it when {@code CI} is set: {@code .ci/run} installs them, so a skip there would hide a broken setup.
 */
final class ExternalTool
{
    private static final long RUN_SECONDS = 30;

    private ExternalTool()
    {
    }

    /**
     * @param name          the program, looked up on {@code PATH}.
     * @param debianPackage the package that installs it, for the message.
     * @return the program's path; the test is skipped or failed when there is none.
     */
    static Path require(final String name, final String debianPackage)
    {
        final String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (final String directory : pathVariable.split(File.pathSeparator))
        {
            final Path program = Path.of(directory.isEmpty() ? "." : directory, name);
            if (Files.isRegularFile(program) && Files.isExecutable(program))
            {
                return program;
            }
        }
        final String reason = name + " is not on PATH: install the Debian package " + debianPackage;
        if (System.getenv("CI") != null)
        {
            fail(reason + " (CI must provide it; .ci/run installs it)");
        }
        Assumptions.abort(reason);
        return null;
    }

    /**
     * Run a program to its end, feeding it the input on stdin.
     *
     * @return its exit status and what it printed, stdout and stderr together.
     */
    static Output run(final String input, final Path program, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(List.of(args));
        // Output goes to a file so no thread has to drain a pipe while this one writes the input.
        final Path output = Files.createTempFile("holdfast-tool", ".txt");
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
            try (OutputStream stdin = process.getOutputStream())
            {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            catch (final IOException ex)
            {
                // The program exited without reading all of it; its status and output say why.
            }
            if (!process.waitFor(RUN_SECONDS, SECONDS))
            {
                process.destroyForcibly();
                fail(command + " did not finish within " + RUN_SECONDS + " s");
            }
            return new Output(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        }
        finally
        {
            Files.deleteIfExists(output);
        }
    }

    /**
     * What a finished program left.
     */
    record Output(int status, String text)
    {
        void assertSucceeded(final String what)
        {
            assertEquals(0, status, () -> what + " failed:\n" + text);
        }
    }
}
