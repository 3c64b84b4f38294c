package org.foosched.views.app;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.foosched.analysis.fs.Trees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the workbench remembers between runs, in {@code ~/.config/foosched/workbench.json}
 * (or {@code $XDG_CONFIG_HOME/foosched/}; the system property {@code foosched.config.dir}
 * overrides both, for tests): the last workspaces and the window's place, size and dividers.
 * An unreadable file is ignored (and replaced on the next save), never an error.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class WorkbenchSettings {

    public static final String FILE_NAME = "workbench.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int RECENT = 8;

    public String lastWorkspace;
    public List<String> recentWorkspaces = new ArrayList<>();
    public double x = Double.NaN;
    public double y = Double.NaN;
    public double width = 1400;
    public double height = 900;
    public boolean maximized;
    /** Divider positions: left|centre|right, then centre|bottom. */
    public double[] horizontalDividers = {0.17, 0.74};
    public double verticalDivider = 0.74;

    public static Path directory() {
        String override = System.getProperty("foosched.config.dir");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("foosched");
    }

    public static WorkbenchSettings load() {
        return load(directory().resolve(FILE_NAME));
    }

    public static WorkbenchSettings load(Path file) {
        if (!Files.isRegularFile(file)) {
            return new WorkbenchSettings();
        }
        try {
            WorkbenchSettings s = JSON.readValue(file.toFile(), WorkbenchSettings.class);
            if (s.recentWorkspaces == null) {
                s.recentWorkspaces = new ArrayList<>();
            }
            if (s.horizontalDividers == null || s.horizontalDividers.length != 2) {
                s.horizontalDividers = new double[] {0.17, 0.74};
            }
            return s;
        } catch (IOException e) {
            return new WorkbenchSettings();
        }
    }

    public void save() {
        save(directory().resolve(FILE_NAME));
    }

    public void save(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Trees.writeAtomically(file, JSON.writeValueAsString(this));
        } catch (IOException | RuntimeException e) {
            // settings are a convenience: a read-only home must not stop the workbench
        }
    }

    /** Remembers an opened workspace, most recent first. */
    public void opened(Path workspace) {
        String p = workspace.toAbsolutePath().normalize().toString();
        lastWorkspace = p;
        recentWorkspaces.remove(p);
        recentWorkspaces.add(0, p);
        while (recentWorkspaces.size() > RECENT) {
            recentWorkspaces.remove(recentWorkspaces.size() - 1);
        }
    }
}
