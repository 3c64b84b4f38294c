package org.foosched.remote.vm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One VM's state directory, {@code ~/.cache/foosched/vms/<name>/}:
 * <ul>
 *   <li>{@code vm.json} what was started ({@link VmState}), written atomically</li>
 *   <li>{@code qemu.pid} written by QEMU ({@code -pidfile}), removed by QEMU when it exits</li>
 *   <li>{@code console.log} the serial console; {@code console.previous.log} the run before</li>
 *   <li>{@code overlay.qcow2} the copy-on-write disk over the image's base disk</li>
 *   <li>{@code known_hosts} the recorded host key for this VM's forwarded port</li>
 *   <li>{@code qemu.log} QEMU's own messages</li>
 * </ul>
 * A stop removes everything but the console logs, so the last run's console stays readable.
 */
public record VmStateDir(Path dir) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Files that describe a run; removed by {@link #clearRun()}. */
    private static final List<String> RUN_FILES = List.of("vm.json", "qemu.pid", "overlay.qcow2", "known_hosts",
            "qemu.log");

    public String name() {
        return dir.getFileName().toString();
    }

    public Path stateFile() {
        return dir.resolve("vm.json");
    }

    public Path pidFile() {
        return dir.resolve("qemu.pid");
    }

    public Path consoleLog() {
        return dir.resolve("console.log");
    }

    public Path previousConsoleLog() {
        return dir.resolve("console.previous.log");
    }

    public Path overlay() {
        return dir.resolve("overlay.qcow2");
    }

    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    public Path qemuLog() {
        return dir.resolve("qemu.log");
    }

    /** Beside the directory, so a lock outlives clearing it. */
    public Path lockFile() {
        return dir.resolveSibling("." + name() + ".lock");
    }

    public Optional<VmState> readState() {
        Path f = stateFile();
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), VmState.class));
        } catch (IOException e) {
            throw new VmException(f + " is unreadable (" + e.getMessage() + "); 'foosched vm stop --name " + name()
                    + "' clears it");
        }
    }

    public void writeState(VmState state) {
        try {
            Files.createDirectories(dir);
            writeAtomically(stateFile(), JSON.writeValueAsBytes(state));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateFile(), e);
        }
    }

    /** The pid QEMU wrote, if its pid file is there and holds a number. */
    public OptionalLong readPidFile() {
        try {
            if (!Files.isRegularFile(pidFile())) {
                return OptionalLong.empty();
            }
            String s = Files.readString(pidFile()).trim();
            return s.matches("\\d+") ? OptionalLong.of(Long.parseLong(s)) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    public void writeKnownHosts(String line) {
        try {
            Files.createDirectories(dir);
            writeAtomically(knownHosts(), (line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + knownHosts(), e);
        }
    }

    /** Creates the directory for a new run: the last console log becomes the previous one. */
    public void prepareRun() {
        try {
            Files.createDirectories(dir);
            clearRun();
            if (Files.exists(consoleLog())) {
                Files.move(consoleLog(), previousConsoleLog(), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.createFile(consoleLog());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
    }

    /** Removes the run's files (state, pid, overlay, known_hosts, QEMU log); keeps the console logs. */
    public void clearRun() {
        try {
            for (String f : RUN_FILES) {
                Files.deleteIfExists(dir.resolve(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir, e);
        }
    }

    /** Removes the whole directory (after {@link #clearRun()}: only console logs are left in it). */
    public void delete() {
        try {
            clearRun();
            Files.deleteIfExists(consoleLog());
            Files.deleteIfExists(previousConsoleLog());
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir + " (something else is in it?)", e);
        }
    }

    public boolean exists() {
        return Files.isDirectory(dir);
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
