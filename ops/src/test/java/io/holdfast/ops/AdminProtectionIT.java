package io.holdfast.ops;

import io.holdfast.ops.HoldfastProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.holdfast.ops.HoldfastProcess.ANY_PORT;
import static io.holdfast.ops.HoldfastProcess.LOOPBACK;
import static io.holdfast.ops.HoldfastProcess.NO_STATUS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may use the admin endpoint and who may connect, through the real launcher: a server given
 * {@code holdfast.admin.token.file} answers 401 to admin requests without the token or with another and serves them
 * with it; and {@code serve} refuses to start, one line and exit status 2, with the admin endpoint on a non-loopback
 * address and no token, with a token file that is empty, and with an origin that is not one.
 */
@Timeout(value = 60, unit = SECONDS)
final class AdminProtectionIT
{
    private static final String TOKEN = "3f9c1d0e7a5b42c8a6e1f0d9c8b7a6e5";
    private static final String TOKEN_FILE = OpsConfiguration.ADMIN_TOKEN_FILE_PROP_NAME + "=";

    @TempDir
    Path directory;

    @Test
    void shouldServeAdminRequestsOnlyWithTheTokenOfTheFile() throws Exception
    {
        final Path token = Files.writeString(directory.resolve("admin.token"), TOKEN + "\n");
        try (HoldfastProcess holdfast = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT, NO_STATUS,
            TOKEN_FILE + token))
        {
            holdfast.awaitListening();
            final int adminPort = holdfast.adminPort();

            for (final String path : new String[] {"/metrics", "/health"})
            {
                final HttpResponse<String> anonymous = new AdminClient(adminPort).get(path);
                assertEquals(401, anonymous.statusCode(), path);
                assertEquals("Bearer", anonymous.headers().firstValue("WWW-Authenticate").orElse(""), path);
                assertTrue(anonymous.body().startsWith("{\"type\":\"error\",\"code\":\"unauthorized\""),
                    anonymous.body());
                assertEquals(401, new AdminClient(adminPort, "Bearer " + TOKEN.replace('3', '4')).get(path)
                    .statusCode(), path);
            }
            final AdminClient authorized = new AdminClient(adminPort, "Bearer " + TOKEN);
            final HttpResponse<String> metrics = authorized.get("/metrics");
            assertEquals(200, metrics.statusCode());
            assertEquals("0", AdminPages.parseMetrics(metrics.body()).get("holdfast_connections_active"));
            assertEquals(200, authorized.get("/health").statusCode());

            assertEquals(0, holdfast.terminate());
            holdfast.assertNoStackTraceOrWorkerError();
            assertFalse(holdfast.stderr().contains(TOKEN), "the token appeared on stderr");
        }
    }

    @Test
    void shouldRefuseAnAdminEndpointOffLoopbackWithoutAToken() throws Exception
    {
        final Result result = HoldfastProcess.runToExit(directory, "serve", LOOPBACK, ANY_PORT,
            "holdfast.admin.address=0.0.0.0");

        result.assertOneLineError(Main.EXIT_USAGE, "holdfast serve: command line: holdfast.admin.address=0.0.0.0 " +
            "is not a loopback address, so admin requests need a token: set holdfast.admin.token.file to a file " +
            "holding one, or listen on 127.0.0.1");
    }

    @Test
    void shouldRefuseAnEmptyTokenFileNamingKeyAndFile() throws Exception
    {
        final Path empty = Files.writeString(directory.resolve("empty.token"), "\n");

        final Result result = HoldfastProcess.runToExit(directory, "serve", LOOPBACK, ANY_PORT, TOKEN_FILE + empty);

        result.assertOneLineError(Main.EXIT_USAGE,
            "holdfast serve: holdfast.admin.token.file=" + empty + ": the file is empty");
    }

    @Test
    void shouldRefuseAnOriginThatIsNotOneNamingKeyAndForm() throws Exception
    {
        final Result result = HoldfastProcess.runToExit(directory, "serve", LOOPBACK, ANY_PORT,
            "holdfast.allowed.origins=https://app.example.com,app.example.com");

        // The form is the engine's to word: the line names the key, the forms an entry may take and the bad entry.
        result.assertOneLineError(Main.EXIT_USAGE, "holdfast serve: configuration is not valid: " +
            "holdfast.allowed.origins ", "https://app.example.com", "https://*.example.com", ": app.example.com");
    }
}
