package org.foosched.views.editor;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.fs.Trees;
import org.foosched.analysis.model.NodeId;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.analysis.safety.GuardedRegion;
import org.foosched.views.problems.ProblemItem;
import org.foosched.views.workbench.SourceLocation;
import org.foosched.views.workbench.WorkbenchContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One open file: its text (ISO-8859-1, so bytes survive whatever the kernel's files contain),
 * whether it has unsaved edits, its guarded regions, and the editor's commands — save, find,
 * go to definition — and the warning when an edit touches guarded code.
 */
public final class EditorViewModel {

    private final WorkbenchContext ctx;
    private final Path file;
    private final boolean readOnly;
    private final GuardedEditTracker tracker = new GuardedEditTracker();
    private final BooleanProperty dirty = new SimpleBooleanProperty(false);
    private final ObjectProperty<List<GuardedRegion>> guarded = new SimpleObjectProperty<>(List.of());
    private String savedText;
    private String text;

    public EditorViewModel(WorkbenchContext ctx, Path file) {
        this.ctx = ctx;
        this.file = file;
        WorkspaceSession s = ctx.session();
        this.readOnly = s != null && !file.startsWith(s.workspace().root());
        this.text = read(file);
        this.savedText = text;
        regionsFrom(text);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Files outside the workspace (the kernel source's include/) are shown, not edited. */
    public boolean readOnly() {
        return readOnly;
    }

    public String text() {
        return text;
    }

    public boolean isC() {
        String n = file.getFileName().toString();
        return n.endsWith(".c") || n.endsWith(".h");
    }

    /** The editor's text changed by an edit at {@code position}; warns when guarded code was touched. */
    public void edited(String newText, int position, int removed, int inserted) {
        text = newText;
        dirty.set(!text.equals(savedText));
        tracker.edit(position, removed, inserted).ifPresent(r -> {
            ctx.problems().add(new ProblemItem(ProblemItem.Severity.WARNING, ProblemItem.Source.EDITOR,
                    GuardedEditTracker.warning(r), file, r.line()));
            ctx.log().append("warning: " + file.getFileName() + ": " + GuardedEditTracker.warning(r));
        });
        guarded.set(tracker.regions());
    }

    /** Re-reads the regions from the markers (after a pause in typing). */
    public void regionsFrom(String current) {
        if (isC()) {
            tracker.reset(current);
            guarded.set(tracker.regions());
        }
    }

    public void save() {
        if (readOnly) {
            throw new IllegalStateException(file + " is outside the workspace and is shown read-only");
        }
        Trees.writeAtomically(file, text, StandardCharsets.ISO_8859_1);
        savedText = text;
        dirty.set(false);
        ctx.log().append("saved " + file);
    }

    /** Reloads the file from disk (after a patch was applied), dropping unsaved edits. */
    public String reload() {
        text = read(file);
        savedText = text;
        dirty.set(false);
        regionsFrom(text);
        return text;
    }

    /** The next occurrence of {@code query} after {@code from}, wrapping around; -1 if none. */
    public int find(String query, int from, boolean forward, boolean matchCase) {
        if (query == null || query.isEmpty()) {
            return -1;
        }
        String t = matchCase ? text : text.toLowerCase(Locale.ROOT);
        String q = matchCase ? query : query.toLowerCase(Locale.ROOT);
        if (forward) {
            int i = t.indexOf(q, Math.max(0, from));
            return i >= 0 ? i : t.indexOf(q);
        }
        int i = from - 1 < 0 ? -1 : t.lastIndexOf(q, from - 1);
        return i >= 0 ? i : t.lastIndexOf(q);
    }

    /** The identifier at {@code offset}, or "". */
    public String wordAt(int offset) {
        int s = Math.min(Math.max(0, offset), text.length());
        int e = s;
        while (s > 0 && isIdent(text.charAt(s - 1))) {
            s--;
        }
        while (e < text.length() && isIdent(text.charAt(e))) {
            e++;
        }
        return text.substring(s, e);
    }

    /**
     * Where the definition of {@code name} is: the analysis knows every function and variable
     * of the units; a definition in this file wins over others of the same name.
     */
    public Optional<SourceLocation> definitionOf(String name) {
        AnalysisResult r = ctx.analysis();
        WorkspaceSession s = ctx.session();
        if (r == null || s == null || name.isEmpty()) {
            return Optional.empty();
        }
        String n = name.startsWith("__cb_") ? name.substring(5) : name;
        List<NodeId> named = r.named(n);
        if (named.isEmpty()) {
            return Optional.empty();
        }
        DefinitionLocator loc = new DefinitionLocator(s.workspace().root(), Path.of(s.info().kernelSource()));
        NodeId best = named.stream().filter(id -> loc.fileOf(id.file()).map(file::equals).orElse(false)).findFirst()
                .orElse(named.get(0));
        return loc.locate(s.session().model(), best);
    }

    /** Selects a definition in the workbench (the inspector and the graph follow). */
    public void select(String name) {
        AnalysisResult r = ctx.analysis();
        if (r != null) {
            String n = name.startsWith("__cb_") ? name.substring(5) : name;
            List<NodeId> named = r.named(n);
            if (!named.isEmpty()) {
                ctx.selectionProperty().set(named.get(0));
            }
        }
    }

    public BooleanProperty dirtyProperty() {
        return dirty;
    }

    public ObjectProperty<List<GuardedRegion>> guardedProperty() {
        return guarded;
    }

    private static boolean isIdent(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
