package io.holdfast.ops;

import io.holdfast.codec.jwt.TestTokens;
import io.holdfast.ops.HoldfastProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static io.holdfast.ops.HoldfastProcess.ANY_PORT;
import static io.holdfast.ops.HoldfastProcess.LOOPBACK;
import static io.holdfast.ops.HoldfastProcess.NO_STATUS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may use the admin endpoint and who may connect, through the real launcher: a server given
 * {@code holdfast.admin.token.file} answers 401 to admin requests without the token or with another and serves them
 * with it; a server with {@code holdfast.auth=jwt} lets in the JDK's client with a token in a header or a subprotocol
 * and answers 401 without one; and {@code serve} refuses to start, one line and exit status 2, with the admin endpoint on a non-loopback
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
    void shouldLetInOnlyClientsWithATokenSignedWithTheSecretOfTheFile() throws Exception
    {
        final Path secret = Files.write(directory.resolve("jwt.secret"), TestTokens.SECRET);
        try (HoldfastProcess holdfast = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT, NO_STATUS,
            "holdfast.auth=jwt", "holdfast.auth.jwt.secret.file=" + secret, "holdfast.subprotocols=chat.v1"))
        {
            final URI uri = HoldfastProcess.uri(holdfast.awaitPort(), "/ws");
            final String token = TestTokens.signed("{\"sub\":\"ann\",\"exp\":" + TestTokens.secondsFromNow(60) +
                "}");

            final WebSocket withHeader = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(uri, new WebSocket.Listener() {}).get(10, SECONDS);
            withHeader.abort();
            final WebSocket withSubprotocol = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("chat.v1", "bearer." + token)
                .buildAsync(uri, new WebSocket.Listener() {}).get(10, SECONDS);
            assertEquals("chat.v1", withSubprotocol.getSubprotocol());
            withSubprotocol.abort();

            final ExecutionException refused = assertThrows(ExecutionException.class, () -> HttpClient.newHttpClient()
                .newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {}).get(10, SECONDS));
            assertEquals(401, ((WebSocketHandshakeException)refused.getCause()).getResponse().statusCode());

            final Map<String, String> metrics = AdminPages.parseMetrics(
                new AdminClient(holdfast.adminPort()).get("/metrics").body());
            assertEquals("1", metrics.get("holdfast_handshakes_rejected_total{status=\"401\"}"));
            assertEquals("2", metrics.get("holdfast_handshakes_accepted_total"));
            assertEquals(0, holdfast.terminate());
            holdfast.assertNoStackTraceOrWorkerError();
        }
    }

    @Test
    void shouldRefuseJwtAuthenticationWithoutASecretFile() throws Exception
    {
        final Result result = HoldfastProcess.runToExit(directory, "serve", LOOPBACK, ANY_PORT, "holdfast.auth=jwt");

        result.assertOneLineError(Main.EXIT_USAGE, "holdfast serve: configuration is not valid: holdfast.auth=jwt " +
            "needs an HS256 secret of at least 32 bytes in holdfast.auth.jwt.secret.file");
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
