package org.foosched.views.workspace;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.foosched.analysis.env.FooschedHome;
import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.kit.KitFetcher;
import org.foosched.analysis.kit.KitLocator;
import org.foosched.analysis.kit.KitManifest;
import org.foosched.analysis.kit.KitStore;
import org.foosched.analysis.pipeline.InitPipeline;
import org.foosched.analysis.source.KernelSource;
import org.foosched.analysis.source.SourceUnpacker;
import org.foosched.views.console.LogModel;
import org.foosched.views.workbench.TaskProgress;
import org.foosched.views.workbench.UserMessages;
import org.foosched.views.workbench.WorkbenchContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * "New workspace from a Debian kernel release…": fetch the release's kit (or use the cached
 * one), unpack its kernel source, and run {@code foosched init} into a work directory — the
 * same library calls the CLI's {@code kit fetch}, {@code extract_src} and {@code init} make —
 * with a progress bar, a log, and Cancel.
 */
public final class NewWorkspaceViewModel {

    private final WorkbenchContext ctx;
    private final StringProperty release = new SimpleStringProperty("");
    private final StringProperty workDir = new SimpleStringProperty("");
    private final StringProperty kernelSource = new SimpleStringProperty("");
    private final ObservableList<String> cachedReleases = FXCollections.observableArrayList();
    private final LogModel log;
    private final TaskProgress progress;
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final StringProperty result = new SimpleStringProperty("");
    private final ObjectProperty<Path> created = new SimpleObjectProperty<>();
    private Future<?> task;

    public NewWorkspaceViewModel(WorkbenchContext ctx) {
        this.ctx = ctx;
        this.log = new LogModel(ctx.ui());
        this.progress = new TaskProgress(ctx.ui(), line -> {
            log.append(line);
            ctx.log().append(line);
        });
        try {
            KitStore.standard().list().stream().map(KitManifest::release).forEach(cachedReleases::add);
        } catch (RuntimeException e) {
            // an unreadable kit cache only means no suggestions
        }
        if (!cachedReleases.isEmpty()) {
            release.set(cachedReleases.get(0));
        }
        workDir.set(Path.of(System.getProperty("user.home"), "foosched", "scheduler").toString());
    }

    /** Null when the form can start, else what is missing. */
    public String validate() {
        if (workDir.get() == null || workDir.get().isBlank()) {
            return "choose a work directory for the workspace";
        }
        Path wd = Path.of(workDir.get().trim());
        if (Files.isRegularFile(wd)) {
            return wd + " is a file; choose a directory";
        }
        String r = release.get() == null ? "" : release.get().trim();
        if (!r.isEmpty() && !r.matches("\\d+\\.\\d+\\.\\d+-\\d+-[a-z0-9]+")) {
            return "'" + r + "' is not a Debian kernel release like 6.1.0-56-amd64 (leave it empty for the current one)";
        }
        return null;
    }

    /** The kernel source directory used when none is given: beside the kits, one per release. */
    public static Path defaultSourceDir(String release) {
        return FooschedHome.cache().resolve("sources").resolve(release);
    }

    public void start() {
        String err = validate();
        if (err != null) {
            result.set(err);
            return;
        }
        running.set(true);
        progress.reset();
        log.clear();
        result.set("");
        String r = release.get().trim();
        Path wd = Path.of(workDir.get().trim()).toAbsolutePath().normalize();
        String src = kernelSource.get() == null ? "" : kernelSource.get().trim();
        long t0 = System.nanoTime();
        task = ctx.run(() -> {
            progress.step("find the kit of " + (r.isEmpty() ? "the current release" : r), -1);
            Optional<Kit> found = r.isEmpty() ? Optional.empty() : KitLocator.standard().find(r);
            Kit kit = found.isPresent() ? found.get() : KitFetcher.standard(progress).fetch(r.isEmpty() ? null : r);
            progress.log("kit " + kit.release() + " (" + kit.origin() + ")");
            progress.checkCancelled();
            Path srcDir = src.isEmpty() ? defaultSourceDir(kit.release()) : Path.of(src);
            KernelSource ks;
            if (Files.isRegularFile(srcDir.resolve("Makefile"))) {
                ks = KernelSource.at(srcDir);
                progress.log("kernel source: " + ks.root() + " (Linux " + ks.version() + ")");
            } else {
                if (kit.sourceTarball() == null || !Files.isRegularFile(kit.sourceTarball())) {
                    throw new IllegalArgumentException("the kit of " + kit.release() + " has no source tarball; give "
                            + "the kernel source directory");
                }
                progress.step("unpack the kernel source into " + srcDir, -1);
                ks = new SourceUnpacker(progress).unpack(kit.sourceTarball(), srcDir);
            }
            progress.checkCancelled();
            new InitPipeline().run(new InitPipeline.Request(kit, ks.root(), wd, null, false, true), progress);
            return wd;
        }, p -> {
            running.set(false);
            result.set("workspace ready in " + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s: " + p);
            created.set(p);
        }, e -> {
            running.set(false);
            result.set(UserMessages.of(e));
        });
    }

    public void cancel() {
        progress.cancel();
    }

    public StringProperty releaseProperty() {
        return release;
    }

    public StringProperty workDirProperty() {
        return workDir;
    }

    public StringProperty kernelSourceProperty() {
        return kernelSource;
    }

    public ObservableList<String> cachedReleases() {
        return cachedReleases;
    }

    public ObservableList<String> log() {
        return log.lines();
    }

    public TaskProgress progress() {
        return progress;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public StringProperty resultProperty() {
        return result;
    }

    public ObjectProperty<Path> createdProperty() {
        return created;
    }
}
