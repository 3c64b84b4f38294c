package org.foosched.analysis.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of module-runtime-c's test scripts and captures what it printed. */
final class ScriptRunner {

    /** What a script run produced: its exit status and its merged stdout/stderr. */
    record Result(int exitCode, String output) {
        List<String> linesStartingWith(String prefix) {
            return output.lines().filter(l -> l.startsWith(prefix)).toList();
        }
    }

    private ScriptRunner() {
    }

    /** The module-runtime-c directory of this checkout. */
    static Path runtimeDir() {
        String home = System.getProperty("foosched.home");
        Path root = home != null ? Path.of(home) : Path.of("").toAbsolutePath().getParent();
        Path dir = root.resolve("module-runtime-c");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("module-runtime-c not found under " + root
                    + "; run the tests from the Maven reactor (foosched.home)");
        }
        return dir;
    }

    static Result run(Duration timeout, Path log, String... command) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try (InputStream ignored = p.getInputStream()) {
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                return new Result(-1, Files.readString(log, StandardCharsets.UTF_8)
                        + "\n(timed out after " + timeout + ")");
            }
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
