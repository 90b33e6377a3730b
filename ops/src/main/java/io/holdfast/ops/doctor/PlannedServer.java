package io.holdfast.ops.doctor;

import io.holdfast.engine.EngineConfig;

import java.nio.file.Path;
import java.util.Map;

/**
 * The server a configuration describes, as the checks need it: the engine's config (workers resolved, max
 * connections possibly {@code auto}) and the parts of the process around it that take ports, descriptors and disk.
 *
 * @param engine       the validated engine config.
 * @param directory    {@code holdfast.dir}, the folder of the counters file.
 * @param adminEnabled whether the admin endpoint runs.
 * @param adminAddress the admin endpoint's address.
 * @param adminPort    the admin endpoint's port; 0 picks a free one.
 * @param secretFiles  the files secrets are read from (the admin token, the JWT secret), each with its key.
 */
public record PlannedServer(
    EngineConfig engine, Path directory, boolean adminEnabled, String adminAddress, int adminPort,
    Map<String, Path> secretFiles)
{
}
