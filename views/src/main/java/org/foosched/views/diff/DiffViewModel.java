package org.foosched.views.diff;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.foosched.analysis.fs.Trees;
import org.foosched.analysis.pipeline.WorkspaceDiff;
import org.foosched.analysis.pipeline.WorkspacePatch;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.analysis.safety.ChangeSafety;
import org.foosched.analysis.workspace.Workspace;
import org.foosched.views.problems.ProblemItem;
import org.foosched.views.workbench.SourceLocation;
import org.foosched.views.workbench.TaskProgress;
import org.foosched.views.workbench.UserMessages;
import org.foosched.views.workbench.WorkbenchContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The diff view: the user's edits against the pristine extraction, file by file side by side,
 * the functions that changed, and the change-safety report; export the edits as a unified
 * diff, apply a diff ({@code patch -p1} semantics, dry run first).
 */
public final class DiffViewModel {

    public static final int CONTEXT = 4;

    private final WorkbenchContext ctx;
    private final ObservableList<String> changedFiles = FXCollections.observableArrayList();
    private final ObservableList<ChangeSafety.FunctionChange> changedFunctions = FXCollections.observableArrayList();
    private final ObservableList<ChangeSafety.Finding> findings = FXCollections.observableArrayList();
    private final ObservableList<LineDiff.Row> rows = FXCollections.observableArrayList();
    private final StringProperty selectedFile = new SimpleStringProperty();
    private final StringProperty summary = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final ObjectProperty<ChangeSafety.Report> report = new SimpleObjectProperty<>();
    private final TaskProgress progress;
    private Runnable afterPatch = () -> { };

    public DiffViewModel(WorkbenchContext ctx) {
        this.ctx = ctx;
        this.progress = new TaskProgress(ctx.ui(), ctx.log()::append);
        ctx.sessionProperty().addListener((o, a, b) -> {
            changedFiles.clear();
            changedFunctions.clear();
            findings.clear();
            rows.clear();
            selectedFile.set(null);
            if (b != null) {
                refresh();
            }
        });
        selectedFile.addListener((o, a, b) -> showFile(b));
    }

    /** Re-reads the workspace and re-checks (call after saving files). */
    public void refresh() {
        WorkspaceSession s = ctx.session();
        if (s == null) {
            return;
        }
        busy.set(true);
        ctx.run(() -> ChangeSafety.check(s.workspace()), r -> {
            busy.set(false);
            report.set(r);
            changedFiles.setAll(r.changedFiles());
            changedFunctions.setAll(r.changedFunctions());
            findings.setAll(r.findings());
            long errors = r.errors().size();
            summary.set(r.changedFiles().isEmpty() ? "no edits: the workspace is as extracted"
                    : r.changedFiles().size() + " files, " + r.changedFunctions().size() + " functions changed; "
                    + (errors == 0 ? "no rule broken" + (r.findings().isEmpty() ? "" : " (" + r.findings().size() + " warnings)")
                    : errors + (errors == 1 ? " rule broken" : " rules broken")));
            Path root = s.workspace().root();
            ctx.problems().replace(ProblemItem.Source.SAFETY, r.findings().stream().map(f -> new ProblemItem(
                    f.severity() == ChangeSafety.Severity.ERROR ? ProblemItem.Severity.ERROR : ProblemItem.Severity.WARNING,
                    ProblemItem.Source.SAFETY, f.message(), root.resolve(f.file()), f.line())).toList());
            String sel = selectedFile.get();
            if (sel == null || !changedFiles.contains(sel)) {
                selectedFile.set(changedFiles.isEmpty() ? null : changedFiles.get(0));
            } else {
                showFile(sel);
            }
        }, e -> {
            busy.set(false);
            summary.set(UserMessages.of(e));
        });
    }

    private void showFile(String file) {
        WorkspaceSession s = ctx.session();
        if (file == null || s == null) {
            rows.clear();
            return;
        }
        Workspace ws = s.workspace();
        ctx.run(() -> {
            List<String> before = lines(ws.pristineDir().resolve(file));
            List<String> after = lines(ws.root().resolve(file));
            return LineDiff.sideBySide(before, after, CONTEXT);
        }, rows::setAll, e -> rows.clear());
    }

    private static List<String> lines(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.readAllLines(p, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The edits as one unified diff ({@code a/core.c}, {@code b/core.c}: {@code patch -p1} in kernel/sched/mod). */
    public String unifiedDiff() {
        Workspace ws = ctx.session().workspace();
        return WorkspaceDiff.unified(ws.pristineModDir(), ws.modDir());
    }

    public void exportDiff(Path target) {
        String diff = unifiedDiff();
        Trees.writeAtomically(target, diff, StandardCharsets.ISO_8859_1);
        ctx.log().append("exported the edits to " + target + " (" + diff.lines().count() + " lines)");
    }

    /** Applies a diff file to the module's sources, then re-checks; editors reload through {@link #onPatched}. */
    public void applyPatch(Path patch) {
        WorkspaceSession s = ctx.session();
        if (s == null) {
            return;
        }
        busy.set(true);
        progress.reset();
        ctx.run(() -> WorkspacePatch.apply(s.workspace().modDir(),
                Files.readString(patch, StandardCharsets.ISO_8859_1), progress), r -> {
            busy.set(false);
            ctx.log().append("applied " + patch + " (-p" + r.stripLevel() + "): " + String.join(", ", r.files()));
            summary.set("applied " + patch.getFileName() + " to " + r.files().size() + " files");
            afterPatch.run();
            refresh();
        }, e -> {
            busy.set(false);
            summary.set(UserMessages.of(e));
            ctx.problems().add(new ProblemItem(ProblemItem.Severity.ERROR, ProblemItem.Source.SAFETY,
                    UserMessages.of(e), patch, 0));
        });
    }

    public void onPatched(Runnable r) {
        afterPatch = r;
    }

    public void open(String file, int line) {
        WorkspaceSession s = ctx.session();
        if (s != null && file != null) {
            ctx.open(SourceLocation.of(s.workspace().root().resolve(file), line));
        }
    }

    public ObservableList<String> changedFiles() {
        return changedFiles;
    }

    public ObservableList<ChangeSafety.FunctionChange> changedFunctions() {
        return changedFunctions;
    }

    public ObservableList<ChangeSafety.Finding> findings() {
        return findings;
    }

    public ObservableList<LineDiff.Row> rows() {
        return rows;
    }

    public StringProperty selectedFileProperty() {
        return selectedFile;
    }

    public StringProperty summaryProperty() {
        return summary;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public ObjectProperty<ChangeSafety.Report> reportProperty() {
        return report;
    }
}
