package org.foosched.remote.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The deploy history, one JSON object per line (default
 * {@code ~/.local/share/foosched/deployments.jsonl}; {@code $XDG_DATA_HOME} is honoured). Each
 * append rewrites the file to a temporary name and renames it into place under a lock, so a
 * crash leaves either the old or the new history, never half a line. The workbench charts it.
 */
public final class DeploymentHistory {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;

    public DeploymentHistory(Path file) {
        this.file = file;
    }

    public static Path defaultFile() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("foosched").resolve("deployments.jsonl");
    }

    public Path file() {
        return file;
    }

    public void append(DeploymentRecord record) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            String line = JSON.writeValueAsString(record) + "\n";
            try (FileChannel lockChannel = FileChannel.open(dir.resolve(file.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = lockChannel.lock(); // another foosched appending at the same time waits
                try {
                    rewriteWith(dir, line);
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the deploy history " + file, e);
        }
    }

    /** The old content plus the line, written to a temporary file and renamed into place. */
    private void rewriteWith(Path dir, String line) throws IOException {
        byte[] old = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        Path tmp = Files.createTempFile(dir, ".deployments", ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap(old));
                if (old.length > 0 && old[old.length - 1] != '\n') {
                    out.write(ByteBuffer.wrap(new byte[] {'\n'}));
                }
                out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                out.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** All records, oldest first; lines that are not valid records are skipped. */
    public List<DeploymentRecord> read() {
        List<DeploymentRecord> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    records.add(JSON.readValue(line, DeploymentRecord.class));
                } catch (JsonProcessingException e) {
                    // a foreign or damaged line: keep reading the rest
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the deploy history " + file, e);
        }
        return records;
    }
}
