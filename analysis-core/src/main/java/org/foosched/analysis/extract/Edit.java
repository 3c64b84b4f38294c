package org.foosched.analysis.extract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A replacement of [start, end) in a file's text, and why it is made (for error messages). */
record Edit(int start, int end, String replacement, String why) {

    /** Applies non-overlapping edits; overlapping ones are a bug in the caller, reported by name. */
    static String apply(String text, List<Edit> edits, String file) {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end));
        for (int i = 1; i < sorted.size(); i++) {
            Edit a = sorted.get(i - 1);
            Edit b = sorted.get(i);
            if (b.start() < a.end()) {
                throw new ExtractionException(file + ": two edits overlap: " + a.why() + " and " + b.why());
            }
        }
        StringBuilder sb = new StringBuilder(text);
        for (int i = sorted.size() - 1; i >= 0; i--) {
            Edit e = sorted.get(i);
            sb.replace(e.start(), e.end(), e.replacement());
        }
        return sb.toString();
    }
}
