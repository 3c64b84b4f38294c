package org.foosched.analysis.collect;

import org.foosched.analysis.progress.Progress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs an external command (make, gcc), streams its merged output line by line to the
 * progress log and to a listener, and kills the whole process tree when the user cancels.
 */
final class CommandRunner {

    private static final long POLL_MILLIS = 200;

    private CommandRunner() {
    }

    /** What a command printed and how it ended. */
    record Outcome(int exitCode, List<String> lines) {
        boolean succeeded() {
            return exitCode == 0;
        }

        /** The last lines, for an error message. */
        String tail(int count) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        }
    }

    /**
     * Runs {@code command} in {@code dir}.
     *
     * @throws ToolMissingException         when the program does not exist
     * @throws Progress.CancelledException when the user cancelled; the process tree is gone
     */
    static Outcome run(List<String> command, Path dir, Progress progress, Consumer<String> listener) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        // Messages in English whatever the user's locale: diagnostics are parsed.
        builder.environment().put("LC_ALL", "C");
        progress.log("$ " + String.join(" ", command));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ToolMissingException(command.get(0), e);
        }
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    progress.log(line);
                    listener.accept(line);
                }
            } catch (IOException e) {
                // the process was killed; its output ends here
            }
        }, "output of " + command.get(0));
        reader.setDaemon(true);
        reader.start();
        try {
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (progress.isCancelled()) {
                    kill(process);
                    reader.join(TimeUnit.SECONDS.toMillis(5));
                    throw new Progress.CancelledException();
                }
            }
            reader.join();
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new Progress.CancelledException();
        }
        synchronized (lines) {
            return new Outcome(process.exitValue(), List.copyOf(lines));
        }
    }

    /** Runs a command that must succeed and returns its output. */
    static String output(List<String> command) {
        Outcome outcome = run(command, null, Progress.NONE, line -> { });
        if (!outcome.succeeded()) {
            throw new UncheckedIOException(new IOException(String.join(" ", command) + " failed (exit "
                    + outcome.exitCode() + "): " + outcome.tail(5)));
        }
        return String.join("\n", outcome.lines()).trim();
    }

    /**
     * Kills the command and everything it started. The children go first, while they are
     * still its descendants (an orphan is no one's descendant), and again until none is left,
     * because make may start a new job when one dies; then the command itself.
     */
    private static void kill(Process process) {
        List<ProcessHandle> killed = new ArrayList<>();
        for (int round = 0; round < 50; round++) {
            List<ProcessHandle> children = process.descendants().filter(ProcessHandle::isAlive).toList();
            if (children.isEmpty()) {
                break;
            }
            children.forEach(ProcessHandle::destroyForcibly);
            killed.addAll(children);
            for (ProcessHandle child : children) {
                awaitExit(child);
            }
        }
        process.destroyForcibly();
        awaitExit(process.toHandle());
        killed.forEach(CommandRunner::awaitExit);
    }

    private static void awaitExit(ProcessHandle handle) {
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // gone or stuck in the kernel: nothing more a user process can do
        }
    }

    /** A program that cannot be started: the message says which package to install. */
    static final class ToolMissingException extends CollectException {
        private static final long serialVersionUID = 1L;

        ToolMissingException(String program, IOException cause) {
            super("cannot run '" + program + "' (" + cause.getMessage() + "): install it"
                    + hint(program), cause);
        }

        private static String hint(String program) {
            return switch (Path.of(program).getFileName().toString()) {
                case "make" -> " (apt-get install make)";
                case "gcc", "g++", "gcc-12", "g++-12" -> " (apt-get install gcc-12 g++-12 gcc-12-plugin-dev)";
                default -> "";
            };
        }
    }
}
