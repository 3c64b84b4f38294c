package org.foosched.views.workspace;

import org.foosched.analysis.workspace.Workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A node of the workspace tree: the module's sources, the other headers they include, the
 * boundary configuration and the reports.
 *
 * @param path the file, or null for a folder of the tree
 */
public record WorkspaceEntry(String label, Path path, Kind kind, List<WorkspaceEntry> children) {

    public enum Kind { WORKSPACE, FOLDER, SOURCE, CONFIG, REPORT }

    public static WorkspaceEntry of(Workspace ws) {
        List<WorkspaceEntry> top = new ArrayList<>();
        top.add(new WorkspaceEntry("kernel/sched/mod", ws.modDir(), Kind.FOLDER, files(ws.modDir(), ws.modDir(), false)));
        List<WorkspaceEntry> others = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ws.root())) {
            s.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(ws.working()) && !p.startsWith(ws.modDir()))
                    .filter(p -> isSource(p.getFileName().toString()))
                    .sorted()
                    .forEach(p -> others.add(new WorkspaceEntry(ws.root().relativize(p).toString(), p, Kind.SOURCE, List.of())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!others.isEmpty()) {
            top.add(new WorkspaceEntry("other headers", null, Kind.FOLDER, others));
        }
        top.add(new WorkspaceEntry("boundary.yaml", ws.configFile(), Kind.CONFIG, List.of()));
        List<WorkspaceEntry> reports = new ArrayList<>();
        for (Path p : List.of(ws.reportMarkdown(), ws.reportJson())) {
            if (Files.isRegularFile(p)) {
                reports.add(new WorkspaceEntry(p.getFileName().toString(), p, Kind.REPORT, List.of()));
            }
        }
        top.add(new WorkspaceEntry("reports", ws.working(), Kind.FOLDER, reports));
        return new WorkspaceEntry(ws.root().getFileName().toString(), ws.root(), Kind.WORKSPACE, top);
    }

    private static List<WorkspaceEntry> files(Path dir, Path base, boolean recurse) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> isSource(p.getFileName().toString()) || p.getFileName().toString().equals("Kbuild"))
                    .sorted(Comparator.comparing((Path p) -> !p.getFileName().toString().endsWith(".c"))
                            .thenComparing(p -> p.getFileName().toString()))
                    .map(p -> new WorkspaceEntry(base.relativize(p).toString(), p, Kind.SOURCE, List.of()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sources the user edits: .c and .h, not kbuild's generated .mod.c. */
    static boolean isSource(String name) {
        return (name.endsWith(".c") || name.endsWith(".h")) && !name.endsWith(".mod.c") && !name.startsWith(".");
    }

    @Override
    public String toString() {
        return label;
    }
}
