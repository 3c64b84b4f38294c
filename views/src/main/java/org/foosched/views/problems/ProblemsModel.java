package org.foosched.views.problems;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The problems list: configuration errors with their line, analysis problems, warnings about
 * edits of guarded code, change-safety findings and compiler diagnostics. Each source replaces
 * its own entries; errors sort first. Call from the UI thread.
 */
public final class ProblemsModel {

    private final ObservableList<ProblemItem> items = FXCollections.observableArrayList();

    public ObservableList<ProblemItem> items() {
        return items;
    }

    public void replace(ProblemItem.Source source, List<ProblemItem> now) {
        List<ProblemItem> all = new ArrayList<>(items.stream().filter(p -> p.source() != source).toList());
        all.addAll(now);
        all.sort(Comparator.comparing(ProblemItem::severity).thenComparing(p -> p.source().ordinal()));
        items.setAll(all);
    }

    /** Adds one entry unless an equal one is listed. */
    public void add(ProblemItem item) {
        if (!items.contains(item)) {
            List<ProblemItem> all = new ArrayList<>(items);
            all.add(item);
            all.sort(Comparator.comparing(ProblemItem::severity).thenComparing(p -> p.source().ordinal()));
            items.setAll(all);
        }
    }

    public List<ProblemItem> of(ProblemItem.Source source) {
        return items.stream().filter(p -> p.source() == source).toList();
    }

    public long errorCount() {
        return items.stream().filter(p -> p.severity() == ProblemItem.Severity.ERROR).count();
    }
}
