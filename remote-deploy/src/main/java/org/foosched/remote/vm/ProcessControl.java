package org.foosched.remote.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds and ends processes by pid, with an identity check: a pid counts as ours only while
 * its command line contains a marker (the VM's state directory path), so a reused pid is
 * never killed.
 */
public final class ProcessControl {

    private ProcessControl() {
    }

    /** The command line of {@code pid} with arguments joined by spaces, if it runs. */
    public static Optional<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            if (raw.length == 0) {
                return Optional.empty(); // a zombie or a kernel thread
            }
            return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** True when {@code pid} runs and its command line contains {@code marker}. */
    public static boolean isRunning(long pid, String marker) {
        return pid > 0 && commandLine(pid).map(c -> c.contains(marker)).orElse(false);
    }

    /**
     * Ends {@code pid} if it is ours: SIGTERM, then SIGKILL after {@code grace}; returns true
     * when it was running. Throws when it is still there after the kill.
     */
    public static boolean terminate(long pid, String marker, Duration grace) {
        if (!isRunning(pid, marker)) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            return false;
        }
        ProcessHandle p = h.get();
        p.destroy();
        if (!waitGone(p, pid, marker, grace)) {
            p.destroyForcibly();
            if (!waitGone(p, pid, marker, Duration.ofSeconds(10))) {
                throw new VmException("process " + pid + " (" + marker + ") is still running after SIGKILL");
            }
        }
        return true;
    }

    private static boolean waitGone(ProcessHandle p, long pid, String marker, Duration timeout) {
        try {
            p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            // a zombie that nobody reaped has an empty command line: gone for our purposes
            return !isRunning(pid, marker);
        } catch (ExecutionException e) {
            return !isRunning(pid, marker);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !isRunning(pid, marker);
        }
    }
}
