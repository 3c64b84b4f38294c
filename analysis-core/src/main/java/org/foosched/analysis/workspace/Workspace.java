package org.foosched.analysis.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.foosched.analysis.extract.Extractor;
import org.foosched.analysis.fs.Trees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A work directory as {@code init} leaves it:
 * <pre>
 * kernel/sched/mod/           the scheduler module's sources (edit these)
 * kernel/…, io_uring/…        other headers they include, at their kernel paths
 * working/workspace.json      what it was extracted from
 * working/boundary.yaml       the boundary configuration in use (edit it, then re-analyze)
 * working/facts/              the collector's facts
 * working/boundary_report.md  reports; .json for scripts
 * working/pristine/           the extraction as it was, for diffs
 * </pre>
 */
public final class Workspace {

    public static final String WORKING = "working";
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path root;

    public Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path modDir() {
        return root.resolve(Extractor.MOD_DIR);
    }

    public Path working() {
        return root.resolve(WORKING);
    }

    public Path infoFile() {
        return working().resolve("workspace.json");
    }

    public Path configFile() {
        return working().resolve("boundary.yaml");
    }

    public Path factsDir() {
        return working().resolve("facts");
    }

    public Path pristineDir() {
        return working().resolve("pristine");
    }

    public Path pristineModDir() {
        return pristineDir().resolve(Extractor.MOD_DIR);
    }

    public Path reportMarkdown() {
        return working().resolve("boundary_report.md");
    }

    public Path reportJson() {
        return working().resolve("boundary_report.json");
    }

    public boolean exists() {
        return Files.isRegularFile(infoFile());
    }

    public Optional<WorkspaceInfo> info() {
        if (!exists()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(infoFile().toFile(), WorkspaceInfo.class));
        } catch (IOException e) {
            throw new WorkspaceException(infoFile() + " is unreadable: " + e.getMessage());
        }
    }

    /** The info, or an error saying that this is not a workspace and how to make one. */
    public WorkspaceInfo requireInfo() {
        return info().orElseThrow(() -> new WorkspaceException(root + " is not a Foosched workspace (no "
                + WORKING + "/workspace.json); make one with: foosched init <release> <kernel_src> " + root));
    }

    public void writeInfo(WorkspaceInfo info) {
        try {
            Trees.writeAtomically(infoFile(), JSON.writeValueAsString(info));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A workspace is unusable; the message says what to do. */
    public static final class WorkspaceException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public WorkspaceException(String message) {
            super(message);
        }
    }
}
