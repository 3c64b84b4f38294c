package org.foosched.views.editor;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;
import org.foosched.analysis.safety.GuardedRegion;
import org.foosched.views.workbench.SourceLocation;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * A source editor (RichTextFX {@code CodeArea}): C highlighting, line numbers, the guarded
 * regions shaded with a bar in the gutter, a find bar (Ctrl+F, Enter/Shift+Enter), go to
 * definition (F12 or Ctrl+click; the inspector follows a plain click's word with Alt+click)
 * and save (Ctrl+S).
 */
public final class CodeEditorView extends BorderPane {

    private final EditorViewModel vm;
    private final CodeArea area = new CodeArea();
    private final TextField findField = new TextField();
    private final CheckBox matchCase = new CheckBox("Aa");
    private final Label findStatus = new Label();
    private final HBox findBar;
    private final Label position = new Label();
    private final Consumer<SourceLocation> opener;
    private boolean loading;
    private Set<Integer> guardedLines = Set.of();
    private Runnable afterSave = () -> { };

    public CodeEditorView(EditorViewModel vm, Consumer<SourceLocation> opener) {
        this.vm = vm;
        this.opener = opener;
        getStyleClass().add("code-editor");
        area.getStyleClass().add("code-area-foosched");
        area.setId("code-area");
        area.setEditable(!vm.readOnly());
        IntFunction<Node> numbers = LineNumberFactory.get(area);
        area.setParagraphGraphicFactory(line -> gutter(numbers, line));
        load(vm.text());

        area.plainTextChanges().subscribe(ch -> {
            if (!loading) {
                vm.edited(area.getText(), ch.getPosition(), ch.getRemoved().length(), ch.getInserted().length());
            }
        });
        area.multiPlainChanges().successionEnds(Duration.ofMillis(300)).subscribe(x -> {
            highlight();
            vm.regionsFrom(area.getText());
        });
        vm.guardedProperty().addListener((o, a, b) -> shadeGuarded(b));
        area.caretPositionProperty().addListener((o, a, b) -> updatePosition());

        findField.setPromptText("Find");
        findField.setId("find-field");
        findField.setOnAction(e -> findNext(true));
        findField.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShiftDown()) {
                findNext(false);
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                showFind(false);
                area.requestFocus();
            }
        });
        Button next = new Button("Next");
        next.setOnAction(e -> findNext(true));
        Button prev = new Button("Previous");
        prev.setOnAction(e -> findNext(false));
        Button close = new Button("×");
        close.setOnAction(e -> showFind(false));
        findBar = new HBox(6, new Label("Find:"), findField, matchCase, prev, next, findStatus, close);
        findBar.setAlignment(Pos.CENTER_LEFT);
        findBar.setPadding(new Insets(3, 6, 3, 6));
        findBar.getStyleClass().add("find-bar");
        HBox.setHgrow(findField, Priority.SOMETIMES);

        Label file = new Label(vm.file().toString() + (vm.readOnly() ? "  (read-only: outside the workspace)" : ""));
        file.getStyleClass().add("editor-path");
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        Label guardKey = new Label("▌ guarded (DON'T MODIFY)");
        guardKey.getStyleClass().add("guard-key");
        guardKey.setTooltip(new Tooltip("Shaded lines are marked DON'T MODIFY by the extractor: editing them breaks a "
                + "rule of live update; the Problems list and the change-safety report say which."));
        HBox status = new HBox(12, file, spring, guardKey, position);
        status.setPadding(new Insets(2, 6, 2, 6));
        status.getStyleClass().add("editor-status");

        setCenter(new VirtualizedScrollPane<>(area));
        setBottom(status);

        addEventFilter(KeyEvent.KEY_PRESSED, this::keys);
        area.addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.isControlDown() || e.isAltDown()) {
                int pos = area.hit(e.getX(), e.getY()).getInsertionIndex();
                String w = vm.wordAt(pos);
                if (e.isControlDown()) {
                    goToDefinition(w);
                } else {
                    vm.select(w);
                }
                e.consume();
            }
        });
        updatePosition();
    }

    private void keys(KeyEvent e) {
        if (new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN).match(e)) {
            save();
            e.consume();
        } else if (new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN).match(e)) {
            showFind(true);
            e.consume();
        } else if (e.getCode() == KeyCode.F12) {
            goToDefinition(vm.wordAt(area.getCaretPosition()));
            e.consume();
        } else if (e.getCode() == KeyCode.F3) {
            findNext(!e.isShiftDown());
            e.consume();
        }
    }

    private void load(String text) {
        loading = true;
        try {
            area.replaceText(text);
            area.getUndoManager().forgetHistory();
            area.moveTo(0);
            highlight();
            shadeGuarded(vm.guardedProperty().get());
        } finally {
            loading = false;
        }
    }

    /** Re-reads the file from disk (a patch changed it). */
    public void reload() {
        load(vm.reload());
    }

    public void save() {
        if (!vm.readOnly()) {
            vm.save();
            afterSave.run();
        }
    }

    /** Runs after each save (the diff view re-checks the workspace). */
    public void setAfterSave(Runnable r) {
        afterSave = r;
    }

    private void highlight() {
        String text = area.getText();
        List<Highlighter.Span> spans = Highlighter.forFile(vm.file().getFileName().toString(), text);
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        for (Highlighter.Span s : spans) {
            b.add(s.style().isEmpty() ? List.of() : List.of(s.style()), s.length());
        }
        StyleSpans<Collection<String>> ss = b.create();
        if (ss.length() == text.length()) {
            area.setStyleSpans(0, ss);
        }
    }

    private void shadeGuarded(List<GuardedRegion> regions) {
        Set<Integer> lines = new HashSet<>();
        for (GuardedRegion r : regions) {
            int from = area.offsetToPosition(Math.min(r.start(), area.getLength()), org.fxmisc.richtext.model.TwoDimensional.Bias.Forward).getMajor();
            int to = area.offsetToPosition(Math.min(Math.max(r.start(), r.end() - 1), area.getLength()), org.fxmisc.richtext.model.TwoDimensional.Bias.Forward).getMajor();
            for (int l = from; l <= to; l++) {
                lines.add(l);
            }
        }
        Set<Integer> before = guardedLines;
        guardedLines = lines;
        Set<Integer> changed = new HashSet<>(before);
        changed.addAll(lines);
        for (int l : changed) {
            if (l < area.getParagraphs().size() && before.contains(l) != lines.contains(l)) {
                area.setParagraphStyle(l, lines.contains(l) ? List.of("guarded") : List.of());
            }
        }
        // the gutter reads guardedLines when it draws a line
        IntFunction<Node> numbers = LineNumberFactory.get(area);
        area.setParagraphGraphicFactory(line -> gutter(numbers, line));
    }

    private Node gutter(IntFunction<Node> numbers, int line) {
        Region bar = new Region();
        bar.setMinWidth(4);
        bar.setPrefWidth(4);
        bar.getStyleClass().add(guardedLines.contains(line) ? "guard-bar" : "no-guard-bar");
        HBox h = new HBox(numbers.apply(line), bar);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    /** The 0-based paragraphs shaded as guarded. */
    public Set<Integer> guardedLines() {
        return Set.copyOf(guardedLines);
    }

    public void showFind(boolean on) {
        setTop(on ? findBar : null);
        if (on) {
            String sel = area.getSelectedText();
            if (!sel.isEmpty() && !sel.contains("\n")) {
                findField.setText(sel);
            }
            Platform.runLater(() -> {
                findField.requestFocus();
                findField.selectAll();
            });
        }
    }

    /** Finds the find field's text; returns the offset found or -1. */
    public int findNext(boolean forward) {
        String q = findField.getText();
        int from = forward ? area.getSelection().getEnd() : area.getSelection().getStart();
        int at = vm.find(q, from, forward, matchCase.isSelected());
        if (at < 0) {
            findStatus.setText(q.isEmpty() ? "" : "not found");
            return -1;
        }
        findStatus.setText("line " + (area.offsetToPosition(at, org.fxmisc.richtext.model.TwoDimensional.Bias.Forward).getMajor() + 1));
        area.selectRange(at, at + q.length());
        area.requestFollowCaret();
        return at;
    }

    public void find(String query) {
        showFind(true);
        findField.setText(query);
        findNext(true);
    }

    private void goToDefinition(String word) {
        vm.definitionOf(word).ifPresentOrElse(loc -> {
            vm.select(word);
            opener.accept(loc);
        }, () -> position.setText("no definition of '" + word + "' in the scheduler's units"));
    }

    /** Moves the caret to a 1-based line and shows it. */
    public void goToLine(int line) {
        int p = Math.max(0, Math.min(line - 1, area.getParagraphs().size() - 1));
        area.moveTo(p, 0);
        area.showParagraphAtTop(Math.max(0, p - 8));
        area.requestFocus();
    }

    private void updatePosition() {
        position.setText((area.getCurrentParagraph() + 1) + ":" + (area.getCaretColumn() + 1));
    }

    public CodeArea area() {
        return area;
    }

    public EditorViewModel viewModel() {
        return vm;
    }
}
