package org.foosched.analysis.proc;

import org.foosched.analysis.progress.Progress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs an external program (apt, dpkg-deb, tar, make, objdump …), streams its merged output
 * line by line, honours cancellation, and turns a missing program or a failure into one
 * {@link ExecException} that names the command.
 */
public final class Exec {

    private final List<String> command;
    private Path dir;
    private final Map<String, String> env = new java.util.LinkedHashMap<>();
    private Consumer<String> lines = l -> { };
    private Progress progress = Progress.NONE;
    private int keepTail = 40;

    private Exec(List<String> command) {
        this.command = List.copyOf(command);
    }

    public static Exec of(String... command) {
        return new Exec(List.of(command));
    }

    public static Exec of(List<String> command) {
        return new Exec(command);
    }

    public Exec in(Path directory) {
        this.dir = directory;
        return this;
    }

    public Exec env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** Each output line goes here (besides being kept for the error message). */
    public Exec onLine(Consumer<String> consumer) {
        this.lines = consumer;
        return this;
    }

    /** Cancellation is checked while the program runs; it is killed when the user cancels. */
    public Exec cancelledBy(Progress p) {
        this.progress = p;
        return this;
    }

    public Exec keepTail(int n) {
        this.keepTail = n;
        return this;
    }

    /** Runs to completion; a non-zero exit is an {@link ExecException} with the output's tail. */
    public Result run() {
        Result r = runAllowingFailure();
        if (r.exitCode() != 0) {
            throw new ExecException(describe() + " failed with exit code " + r.exitCode()
                    + (r.tail().isEmpty() ? "" : ":\n  " + String.join("\n  ", r.tail())), r);
        }
        return r;
    }

    /** Runs to completion and returns the exit code and output, whatever the exit code. */
    public Result runAllowingFailure() {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ExecException("cannot run " + command.get(0) + ": " + e.getMessage()
                    + " (is it installed? .ci/setup-host.sh installs what Foosched needs)", null);
        }
        List<String> all = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (all) {
                        all.add(line);
                        if (all.size() > Math.max(keepTail, 1) * 50) {
                            all.subList(0, all.size() - keepTail).clear();
                        }
                    }
                    lines.accept(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "exec-" + command.get(0));
        reader.setDaemon(true);
        reader.start();
        try {
            while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (progress.isCancelled()) {
                    kill(p);
                    throw new Progress.CancelledException();
                }
            }
            reader.join(10_000);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new Progress.CancelledException();
        }
        List<String> tail;
        synchronized (all) {
            tail = List.copyOf(all.subList(Math.max(0, all.size() - keepTail), all.size()));
        }
        return new Result(p.exitValue(), tail);
    }

    /** Runs and returns the whole output (for short outputs: queries). */
    public String output() {
        StringBuilder sb = new StringBuilder();
        Consumer<String> previous = lines;
        lines = l -> {
            sb.append(l).append('\n');
            previous.accept(l);
        };
        run();
        return sb.toString().trim();
    }

    /**
     * Kills the program and everything it started. The children go first, while they are still
     * its descendants (an orphan is no one's descendant), and again until none is left, because
     * make starts a new job when one dies; then the program itself.
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
            children.forEach(Exec::awaitExit);
        }
        process.destroyForcibly();
        awaitExit(process.toHandle());
        killed.forEach(Exec::awaitExit);
    }

    private static void awaitExit(ProcessHandle handle) {
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // gone, or stuck in the kernel: nothing more a user process can do
        }
    }

    private String describe() {
        String s = String.join(" ", command);
        return s.length() > 160 ? s.substring(0, 157) + "..." : s;
    }

    /** Exit code and the last lines of output. */
    public record Result(int exitCode, List<String> tail) {
    }

    /** A program could not run or failed; the message names the command. */
    public static final class ExecException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Result result;

        public ExecException(String message, Result result) {
            super(message);
            this.result = result;
        }

        public Result result() {
            return result;
        }
    }
}
