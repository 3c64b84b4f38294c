package org.foosched.views.boundary;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.foosched.analysis.boundary.AnalysisDiff;
import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.DataPlacement;
import org.foosched.analysis.boundary.FunctionClass;
import org.foosched.analysis.config.BoundaryConfig;
import org.foosched.analysis.config.BoundaryConfigLoader;
import org.foosched.analysis.config.BoundaryConfigWriter;
import org.foosched.analysis.config.ConfigException;
import org.foosched.analysis.config.ConfigProblem;
import org.foosched.analysis.config.Located;
import org.foosched.analysis.config.SidecarEntry;
import org.foosched.analysis.fs.Trees;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.views.problems.ProblemItem;
import org.foosched.views.workbench.WorkbenchContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The boundary panel's state. The YAML text of {@code working/boundary.yaml} is the single
 * truth: editing it (in an editor tab) re-reads the configuration; editing the panel's lists
 * and toggles rewrites the text in place ({@link BoundaryConfigWriter}, comments kept). Every
 * valid change re-runs the analysis off the UI thread, debounced, and reports what moved
 * ({@link AnalysisDiff}); an invalid text is reported at its line and the panel keeps showing
 * the last valid configuration.
 */
public final class BoundaryViewModel {

    /** Quiet time after the last edit before the analysis runs. */
    public static final long DEBOUNCE_MS = 150;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The list sections the panel edits. */
    public enum Section {
        INTERFACE("function.interface"), OUTSIDER("function.outsider"), EXTRA_PUBLIC("data.extra_public"),
        FORCE_PRIVATE("data.force_private"), CRITICAL("data.critical");

        private final String key;

        Section(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private final WorkbenchContext ctx;
    private final BoundaryConfigLoader loader = new BoundaryConfigLoader();
    private final BoundaryConfigWriter writer = new BoundaryConfigWriter();

    private final StringProperty yamlText = new SimpleStringProperty("");
    private final BooleanProperty dirty = new SimpleBooleanProperty(false);
    private final BooleanProperty valid = new SimpleBooleanProperty(true);
    private final BooleanProperty analysing = new SimpleBooleanProperty(false);
    private final ObjectProperty<BoundaryConfig> config = new SimpleObjectProperty<>();
    private final ObservableList<ConfigProblem> configProblems = FXCollections.observableArrayList();
    private final Map<Section, ObservableList<String>> lists = new EnumMap<>(Section.class);
    private final ObservableList<SidecarEntry> sidecar = FXCollections.observableArrayList();
    private final ObservableList<String> moves = FXCollections.observableArrayList();
    private final ObjectProperty<AnalysisDiff> lastDiff = new SimpleObjectProperty<>();
    private final StringProperty status = new SimpleStringProperty("");
    private final LongProperty lastAnalysisMillis = new SimpleLongProperty(-1);
    private final LongProperty lastShownMillis = new SimpleLongProperty(-1);

    private final ObservableList<FunctionRow> functionRows = FXCollections.observableArrayList();
    private final FilteredList<FunctionRow> functions = new FilteredList<>(functionRows, r -> true);
    private final ObjectProperty<FunctionClass> classFilter = new SimpleObjectProperty<>();
    private final StringProperty fileFilter = new SimpleStringProperty("");
    private final StringProperty search = new SimpleStringProperty("");
    private final BooleanProperty showOutside = new SimpleBooleanProperty(false);
    private final ObservableList<String> files = FXCollections.observableArrayList();

    private final ObservableList<VariableRow> variableRows = FXCollections.observableArrayList();
    private final FilteredList<VariableRow> variables = new FilteredList<>(variableRows, r -> true);
    private final StringProperty variableSearch = new SimpleStringProperty("");
    private final ObjectProperty<Map<DataPlacement, Integer>> placementCounts = new SimpleObjectProperty<>(Map.of());

    private final AtomicLong generation = new AtomicLong();
    private String savedText = "";
    private Path file;
    private boolean loading;
    private ScheduledFuture<?> pending;
    private String changeNote = "";
    private BoundaryRows preparedRows;

    public BoundaryViewModel(WorkbenchContext ctx) {
        this.ctx = ctx;
        for (Section s : Section.values()) {
            lists.put(s, FXCollections.observableArrayList());
        }
        yamlText.addListener((o, a, b) -> textChanged(b));
        ctx.sessionProperty().addListener((o, a, s) -> load(s));
        ctx.analysisProperty().addListener((o, a, r) -> rebuildRows(r));
        classFilter.addListener((o, a, b) -> refilter());
        fileFilter.addListener((o, a, b) -> refilter());
        search.addListener((o, a, b) -> refilter());
        showOutside.addListener((o, a, b) -> refilter());
        variableSearch.addListener((o, a, b) -> refilterVariables());
        refilter();
        if (ctx.session() != null) {
            load(ctx.session());
            rebuildRows(ctx.analysis());
        }
    }

    // ---- loading and the text ----

    private void load(WorkspaceSession s) {
        cancelPending();
        if (s == null) {
            file = null;
            return;
        }
        file = s.workspace().configFile();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        savedText = text;
        loading = true;
        try {
            yamlText.set(text);
            textChanged(text);
        } finally {
            loading = false;
        }
        moves.clear();
        status.set("");
    }

    private void textChanged(String text) {
        dirty.set(!text.equals(savedText));
        BoundaryConfig parsed;
        try {
            parsed = loader.parse(file, text);
        } catch (ConfigException e) {
            configProblems.setAll(e.problems());
            valid.set(false);
            ctx.problems().replace(ProblemItem.Source.CONFIG, e.problems().stream()
                    .map(p -> new ProblemItem(ProblemItem.Severity.ERROR, ProblemItem.Source.CONFIG, p.message(),
                            p.file() == null ? file : p.file(), p.line())).toList());
            status.set("boundary.yaml has " + e.problems().size() + (e.problems().size() == 1 ? " error" : " errors")
                    + "; the analysis waits for a valid file");
            return;
        }
        configProblems.clear();
        valid.set(true);
        ctx.problems().replace(ProblemItem.Source.CONFIG, List.of());
        BoundaryConfig before = config.get();
        config.set(parsed);
        mirror(parsed);
        if (!loading && (before == null || !BoundaryConfigWriter.sameValues(before, parsed))) {
            scheduleAnalysis();
        }
    }

    private void mirror(BoundaryConfig c) {
        setIfChanged(lists.get(Section.INTERFACE), names(c.interfaces()));
        setIfChanged(lists.get(Section.OUTSIDER), names(c.outsiders()));
        setIfChanged(lists.get(Section.EXTRA_PUBLIC), names(c.extraPublic()));
        setIfChanged(lists.get(Section.FORCE_PRIVATE), names(c.forcePrivate()));
        setIfChanged(lists.get(Section.CRITICAL), names(c.critical()));
        List<SidecarEntry> sc = c.sidecar().stream().map(Located::value).toList();
        if (!sidecar.equals(sc)) {
            sidecar.setAll(sc);
        }
    }

    private static <T> void setIfChanged(ObservableList<T> list, List<T> values) {
        if (!list.equals(values)) {
            list.setAll(values);
        }
    }

    private static List<String> names(List<Located<String>> l) {
        return l.stream().map(Located::value).toList();
    }

    // ---- the analysis ----

    private void scheduleAnalysis() {
        cancelPending();
        long gen = generation.incrementAndGet();
        BoundaryConfig c = config.get();
        WorkspaceSession s = ctx.session();
        if (s == null || c == null) {
            return;
        }
        analysing.set(true);
        AnalysisResult before = ctx.analysis();
        Path configFile = file;
        long editedAt = System.nanoTime();
        pending = ctx.timer().schedule(() -> ctx.run(() -> {
            long t0 = System.nanoTime();
            AnalysisResult r = s.session().analyze(c);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            AnalysisDiff diff = before == null ? null : AnalysisDiff.between(before, r);
            return new Timed(r, millis, diff, BoundaryRows.of(r, configFile), editedAt);
        }, t -> delivered(gen, t), e -> failed(gen, e)), DEBOUNCE_MS, TimeUnit.MILLISECONDS);
    }

    /** An analysis with what the panel shows of it, all made off the UI thread. */
    private record Timed(AnalysisResult result, long millis, AnalysisDiff diff, BoundaryRows rows, long editedAt) {
    }

    private void delivered(long gen, Timed t) {
        if (gen != generation.get()) {
            return; // a newer edit is being analysed
        }
        analysing.set(false);
        AnalysisDiff diff = t.diff();
        lastAnalysisMillis.set(t.millis());
        preparedRows = t.rows();
        ctx.analysisProperty().set(t.result());
        lastDiff.set(diff);
        if (diff != null) {
            moves.setAll(diff.summary());
        }
        lastShownMillis.set((System.nanoTime() - t.editedAt()) / 1_000_000);
        status.set((changeNote.isEmpty() ? "" : changeNote + ": ") + "analysed in " + t.millis() + " ms, shown "
                + lastShownMillis.get() + " ms after the edit; " + (diff == null ? "" : diff.functionMoves().size()
                + " functions and " + diff.variableMoves().size() + " variables moved"));
        ctx.log().append("boundary: " + status.get());
        changeNote = "";
    }

    private void failed(long gen, Throwable e) {
        if (gen == generation.get()) {
            analysing.set(false);
            status.set("the analysis failed: " + org.foosched.views.workbench.UserMessages.of(e));
        }
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private void rebuildRows(AnalysisResult r) {
        BoundaryRows rows = preparedRows;
        preparedRows = null;
        if (r == null) {
            functionRows.clear();
            variableRows.clear();
            files.clear();
            placementCounts.set(Map.of());
            return;
        }
        if (rows == null) {
            rows = BoundaryRows.of(r, file);
        }
        functionRows.setAll(rows.functions());
        files.setAll(rows.files());
        variableRows.setAll(rows.variables());
        placementCounts.set(rows.placementCounts());
        ctx.problems().replace(ProblemItem.Source.ANALYSIS, rows.problems());
    }

    private void refilter() {
        FunctionClass c = classFilter.get();
        String f = fileFilter.get() == null ? "" : fileFilter.get();
        String q = search.get() == null ? "" : search.get().trim().toLowerCase(Locale.ROOT);
        boolean outside = showOutside.get();
        functions.setPredicate(r -> (c == null ? outside || r.cls() != FunctionClass.OUTSIDE : r.cls() == c)
                && (f.isEmpty() || r.file().equals(f))
                && (q.isEmpty() || r.name().toLowerCase(Locale.ROOT).contains(q)));
    }

    private void refilterVariables() {
        String q = variableSearch.get() == null ? "" : variableSearch.get().trim().toLowerCase(Locale.ROOT);
        variables.setPredicate(v -> q.isEmpty() || v.name().toLowerCase(Locale.ROOT).contains(q));
    }

    // ---- editing from the panel ----

    /** Null when {@code name} can go into a list, else why not (shown beside the field). */
    public String validateName(Section section, String name) {
        String n = name == null ? "" : name.trim();
        if (n.isEmpty()) {
            return "type a name";
        }
        if (!IDENTIFIER.matcher(n).matches()) {
            return "'" + n + "' is not a C identifier";
        }
        if (lists.get(section).contains(n)) {
            return n + " is already in " + section.key();
        }
        return null;
    }

    /** Adds a name to a list section (an interface leaves the outsiders and vice versa). */
    public void add(Section section, String name) {
        String n = name.trim();
        String err = validateName(section, n);
        if (err != null) {
            throw new IllegalArgumentException(err);
        }
        edit("add " + n + " to " + section.key(), c -> {
            BoundaryConfig out = with(c, section, plus(values(c, section), n));
            if (section == Section.INTERFACE) {
                out = with(out, Section.OUTSIDER, minus(values(out, Section.OUTSIDER), n));
            } else if (section == Section.OUTSIDER) {
                out = with(out, Section.INTERFACE, minus(values(out, Section.INTERFACE), n));
            } else if (section == Section.EXTRA_PUBLIC) {
                out = with(out, Section.FORCE_PRIVATE, minus(values(out, Section.FORCE_PRIVATE), n));
            } else if (section == Section.FORCE_PRIVATE) {
                out = with(out, Section.EXTRA_PUBLIC, minus(values(out, Section.EXTRA_PUBLIC), n));
            }
            return out;
        });
    }

    public void remove(Section section, String name) {
        edit("remove " + name + " from " + section.key(), c -> with(c, section, minus(values(c, section), name)));
    }

    /** Makes a function an interface or not. */
    public void setInterface(String name, boolean on) {
        if (on) {
            add(Section.INTERFACE, name);
        } else {
            remove(Section.INTERFACE, name);
        }
    }

    /** Keeps a function in vmlinux (function.outsider) or not. */
    public void setOutsider(String name, boolean on) {
        if (on) {
            add(Section.OUTSIDER, name);
        } else {
            remove(Section.OUTSIDER, name);
        }
    }

    /** Shares a variable with vmlinux or gives the module its own copy, through the right list. */
    public void setShared(VariableRow v, boolean shared) {
        String n = v.name();
        edit((shared ? "share " : "make private ") + n, c -> {
            List<String> pub = minus(values(c, Section.EXTRA_PUBLIC), n);
            List<String> priv = minus(values(c, Section.FORCE_PRIVATE), n);
            if (shared && v.isStatic()) {
                pub = plus(pub, n);
            } else if (!shared && !v.isStatic()) {
                priv = plus(priv, n);
            }
            return with(with(c, Section.EXTRA_PUBLIC, pub), Section.FORCE_PRIVATE, priv);
        });
    }

    public void setCritical(VariableRow v, boolean critical) {
        String n = v.name();
        edit((critical ? "mark critical " : "mark non-critical ") + n, c -> with(c, Section.CRITICAL,
                critical ? plus(values(c, Section.CRITICAL), n) : minus(values(c, Section.CRITICAL), n)));
    }

    public void addSidecar(String function, String kernelFile) {
        SidecarEntry e = new SidecarEntry(function.trim(), kernelFile.trim());
        edit("add sidecar " + e.function(), c -> {
            List<SidecarEntry> l = new ArrayList<>(c.sidecar().stream().map(Located::value).toList());
            if (!l.contains(e)) {
                l.add(e);
            }
            return c.withSidecar(l);
        });
    }

    public void removeSidecar(SidecarEntry e) {
        edit("remove sidecar " + e.function(), c -> c.withSidecar(c.sidecar().stream().map(Located::value)
                .filter(x -> !x.equals(e)).toList()));
    }

    private void edit(String what, Function<BoundaryConfig, BoundaryConfig> change) {
        BoundaryConfig c = config.get();
        if (c == null) {
            return;
        }
        if (!valid.get()) {
            throw new IllegalStateException("boundary.yaml has errors; fix them in the editor first (see Problems)");
        }
        String text = writer.update(yamlText.get(), change.apply(c));
        changeNote = what;
        yamlText.set(text);
    }

    private static List<String> values(BoundaryConfig c, Section s) {
        return names(switch (s) {
            case INTERFACE -> c.interfaces();
            case OUTSIDER -> c.outsiders();
            case EXTRA_PUBLIC -> c.extraPublic();
            case FORCE_PRIVATE -> c.forcePrivate();
            case CRITICAL -> c.critical();
        });
    }

    private static BoundaryConfig with(BoundaryConfig c, Section s, List<String> names) {
        return switch (s) {
            case INTERFACE -> c.withInterfaces(names);
            case OUTSIDER -> c.withOutsiders(names);
            case EXTRA_PUBLIC -> c.withExtraPublic(names);
            case FORCE_PRIVATE -> c.withForcePrivate(names);
            case CRITICAL -> c.withCritical(names);
        };
    }

    private static List<String> plus(List<String> l, String n) {
        List<String> out = new ArrayList<>(l);
        if (!out.contains(n)) {
            out.add(n);
        }
        return out;
    }

    private static List<String> minus(List<String> l, String n) {
        return l.stream().filter(x -> !x.equals(n)).toList();
    }

    // ---- saving ----

    /** Writes the text to {@code working/boundary.yaml} (atomically). */
    public void save() {
        if (file == null) {
            return;
        }
        Trees.writeAtomically(file, yamlText.get());
        savedText = yamlText.get();
        dirty.set(false);
        ctx.log().append("saved " + file);
    }

    /** Drops unsaved edits. */
    public void revert() {
        if (ctx.session() != null) {
            changeNote = "revert";
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            savedText = text;
            yamlText.set(text);
        }
    }

    // ---- properties ----

    public StringProperty yamlTextProperty() {
        return yamlText;
    }

    public BooleanProperty dirtyProperty() {
        return dirty;
    }

    public BooleanProperty validProperty() {
        return valid;
    }

    public BooleanProperty analysingProperty() {
        return analysing;
    }

    public ObjectProperty<BoundaryConfig> configProperty() {
        return config;
    }

    public ObservableList<ConfigProblem> configProblems() {
        return configProblems;
    }

    public ObservableList<String> list(Section s) {
        return lists.get(s);
    }

    public ObservableList<SidecarEntry> sidecar() {
        return sidecar;
    }

    public ObservableList<String> moves() {
        return moves;
    }

    public ObjectProperty<AnalysisDiff> lastDiffProperty() {
        return lastDiff;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public LongProperty lastAnalysisMillisProperty() {
        return lastAnalysisMillis;
    }

    /** From the edit to what moved being on screen (debounce, analysis, tables), last time. */
    public LongProperty lastShownMillisProperty() {
        return lastShownMillis;
    }

    public FilteredList<FunctionRow> functions() {
        return functions;
    }

    public ObjectProperty<FunctionClass> classFilterProperty() {
        return classFilter;
    }

    public StringProperty fileFilterProperty() {
        return fileFilter;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public BooleanProperty showOutsideProperty() {
        return showOutside;
    }

    public ObservableList<String> files() {
        return files;
    }

    public FilteredList<VariableRow> variables() {
        return variables;
    }

    public StringProperty variableSearchProperty() {
        return variableSearch;
    }

    public ObjectProperty<Map<DataPlacement, Integer>> placementCountsProperty() {
        return placementCounts;
    }

    public Path file() {
        return file;
    }
}
