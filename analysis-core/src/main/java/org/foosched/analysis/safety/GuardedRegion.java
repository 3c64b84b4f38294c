package org.foosched.analysis.safety;

import org.foosched.analysis.extract.CSource;
import org.foosched.analysis.extract.Markers;

import java.util.ArrayList;
import java.util.List;

/**
 * A part of an extracted file that must not change, as the extractor's marker comments say:
 * the signature of an interface or callback (vmlinux's callers pass its arguments), the whole
 * of an inline external function (vmlinux's copies are inlined elsewhere) or of an init
 * function (it ran at boot). The region runs from the marker comment to the body's opening
 * brace (signature) or closing brace (whole function).
 *
 * @param kind     which marker
 * @param function the function's name in the file
 * @param start    offset of the marker comment
 * @param end      offset after the region
 * @param line     1-based line of {@code start}
 * @param endLine  1-based line of the region's last character
 */
public record GuardedRegion(Kind kind, String function, int start, int end, int line, int endLine) {

    /** The markers and what each protects. */
    public enum Kind {
        SIGNATURE(Markers.SIGNATURE, "the signature of interface or callback"),
        INLINE_EXTERNAL(Markers.INLINE_EXTERNAL, "inline external function"),
        INIT(Markers.INIT, "init function");

        private final String marker;
        private final String what;

        Kind(String marker, String what) {
            this.marker = marker;
            this.what = what;
        }

        public String marker() {
            return marker;
        }

        public String what() {
            return what;
        }

        /** The whole function is guarded, not only its signature. */
        public boolean wholeFunction() {
            return this != SIGNATURE;
        }
    }

    public boolean contains(int offset) {
        return offset >= start && offset < end;
    }

    /** True when [from, to) touches the region (an insertion at its very end does not). */
    public boolean overlaps(int from, int to) {
        return from < end && to > start || (from == to && contains(from));
    }

    /** "DON'T MODIFY INIT FUNCTION: sched_init (lines 120-140)" */
    public String describe() {
        return kind.marker() + ": " + function + " (line" + (line == endLine ? " " + line : "s " + line + "-" + endLine) + ")";
    }

    /** The guarded regions of a file, in file order. */
    public static List<GuardedRegion> find(COutline outline) {
        List<GuardedRegion> out = new ArrayList<>();
        CSource src = outline.source();
        String t = src.text();
        for (Kind k : Kind.values()) {
            int at = t.indexOf(k.marker());
            while (at >= 0) {
                if (src.kind(at) == CSource.Kind.COMMENT) {
                    int commentStart = t.lastIndexOf("/*", at);
                    int commentEnd = t.indexOf("*/", at);
                    if (commentStart >= 0 && commentEnd >= 0) {
                        int after = commentEnd + 2;
                        COutline.Function f = firstFrom(outline.functions(), after);
                        if (f != null && onlyCommentsBetween(src, after, f.start())) {
                            int end = k.wholeFunction() ? f.close() + 1 : f.open();
                            out.add(new GuardedRegion(k, f.name(), commentStart, end, src.lineOf(commentStart),
                                    src.lineOf(Math.max(commentStart, end - 1))));
                        } else {
                            // a definition made by a macro elsewhere (SCHED_FEAT lines): guard the next line
                            int lineStart = t.indexOf('\n', commentEnd);
                            int lineEnd = lineStart < 0 ? -1 : t.indexOf('\n', lineStart + 1);
                            if (lineEnd > lineStart) {
                                out.add(new GuardedRegion(k, t.substring(lineStart + 1, lineEnd).trim(), commentStart,
                                        lineEnd, src.lineOf(commentStart), src.lineOf(lineEnd - 1)));
                            }
                        }
                    }
                }
                at = t.indexOf(k.marker(), at + 1);
            }
        }
        out.sort(java.util.Comparator.comparingInt(GuardedRegion::start));
        // stacked markers of one definition (a SYSCALL_DEFINE makes two interfaces): one region
        List<GuardedRegion> merged = new ArrayList<>();
        for (GuardedRegion r : out) {
            GuardedRegion last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last.kind() == r.kind() && last.end() == r.end() && last.function().equals(r.function())) {
                continue;
            }
            merged.add(r);
        }
        return merged;
    }

    private static boolean onlyCommentsBetween(CSource src, int from, int to) {
        for (int i = from; i < to; i++) {
            if (src.kind(i) != CSource.Kind.COMMENT && !Character.isWhitespace(src.text().charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The first function starting at or after {@code offset} (functions are in file order). */
    private static COutline.Function firstFrom(List<COutline.Function> fns, int offset) {
        int lo = 0;
        int hi = fns.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (fns.get(mid).start() < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < fns.size() ? fns.get(lo) : null;
    }
}
