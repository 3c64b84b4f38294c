package org.foosched.views.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff for the side-by-side view (Myers' algorithm on the part between the common
 * prefix and suffix). Runs of removed lines followed by added ones are paired into changed
 * rows; long runs of equal lines are folded to a few lines of context around each change.
 */
public final class LineDiff {

    /** What a row shows. {@code GAP} stands for folded equal lines. */
    public enum Kind { SAME, CHANGED, REMOVED, ADDED, GAP }

    /**
     * One row of the side-by-side view.
     *
     * @param leftLine  1-based line in the old text, 0 when the row has none
     * @param rightLine 1-based line in the new text, 0 when the row has none
     */
    public record Row(Kind kind, int leftLine, String left, int rightLine, String right) {
    }

    /** Beyond this many differences the middle part is shown as one replacement. */
    private static final int MAX_EDITS = 4000;

    private LineDiff() {
    }

    /** Every line of both texts, aligned. */
    public static List<Row> sideBySide(List<String> a, List<String> b) {
        List<Row> rows = new ArrayList<>();
        int pre = 0;
        while (pre < a.size() && pre < b.size() && a.get(pre).equals(b.get(pre))) {
            rows.add(new Row(Kind.SAME, pre + 1, a.get(pre), pre + 1, b.get(pre)));
            pre++;
        }
        int suf = 0;
        while (suf < a.size() - pre && suf < b.size() - pre
                && a.get(a.size() - 1 - suf).equals(b.get(b.size() - 1 - suf))) {
            suf++;
        }
        List<String> am = a.subList(pre, a.size() - suf);
        List<String> bm = b.subList(pre, b.size() - suf);
        List<int[]> script = myers(am, bm); // {op, index}: op 0 same (index in a), -1 delete (a), +1 insert (b)
        List<Row> pendingDel = new ArrayList<>();
        List<Row> pendingIns = new ArrayList<>();
        int ai = 0;
        int bi = 0;
        for (int[] op : script) {
            if (op[0] == 0) {
                flush(rows, pendingDel, pendingIns);
                rows.add(new Row(Kind.SAME, pre + ai + 1, am.get(ai), pre + bi + 1, bm.get(bi)));
                ai++;
                bi++;
            } else if (op[0] < 0) {
                pendingDel.add(new Row(Kind.REMOVED, pre + ai + 1, am.get(ai), 0, ""));
                ai++;
            } else {
                pendingIns.add(new Row(Kind.ADDED, 0, "", pre + bi + 1, bm.get(bi)));
                bi++;
            }
        }
        flush(rows, pendingDel, pendingIns);
        for (int i = 0; i < suf; i++) {
            int ia = a.size() - suf + i;
            int ib = b.size() - suf + i;
            rows.add(new Row(Kind.SAME, ia + 1, a.get(ia), ib + 1, b.get(ib)));
        }
        return rows;
    }

    /** As {@link #sideBySide(List, List)} with equal runs folded to {@code context} lines around changes. */
    public static List<Row> sideBySide(List<String> a, List<String> b, int context) {
        List<Row> all = sideBySide(a, b);
        boolean[] keep = new boolean[all.size()];
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).kind() != Kind.SAME) {
                for (int j = Math.max(0, i - context); j <= Math.min(all.size() - 1, i + context); j++) {
                    keep[j] = true;
                }
            }
        }
        List<Row> out = new ArrayList<>();
        int i = 0;
        while (i < all.size()) {
            if (keep[i]) {
                out.add(all.get(i++));
                continue;
            }
            int j = i;
            while (j < all.size() && !keep[j]) {
                j++;
            }
            out.add(new Row(Kind.GAP, all.get(i).leftLine(), (j - i) + " unchanged lines", all.get(i).rightLine(), ""));
            i = j;
        }
        return out;
    }

    private static void flush(List<Row> rows, List<Row> del, List<Row> ins) {
        int n = Math.max(del.size(), ins.size());
        for (int i = 0; i < n; i++) {
            Row d = i < del.size() ? del.get(i) : null;
            Row a = i < ins.size() ? ins.get(i) : null;
            if (d != null && a != null) {
                rows.add(new Row(Kind.CHANGED, d.leftLine(), d.left(), a.rightLine(), a.right()));
            } else if (d != null) {
                rows.add(d);
            } else {
                rows.add(a);
            }
        }
        del.clear();
        ins.clear();
    }

    /** The shortest edit script from a to b. */
    static List<int[]> myers(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int max = n + m;
        List<int[]> trace = new ArrayList<>();
        int[] v = new int[2 * max + 3];
        int off = max + 1;
        int found = -1;
        for (int d = 0; d <= Math.min(max, MAX_EDITS); d++) {
            int[] snap = new int[2 * d + 1];
            for (int k = -d; k <= d; k += 2) {
                int x;
                if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) {
                    x = v[off + k + 1];
                } else {
                    x = v[off + k - 1] + 1;
                }
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[off + k] = x;
                if (x >= n && y >= m) {
                    found = d;
                }
                if (found >= 0) {
                    break;
                }
            }
            for (int k = -d; k <= d; k++) {
                snap[k + d] = v[off + k];
            }
            trace.add(snap);
            if (found >= 0) {
                break;
            }
        }
        List<int[]> script = new ArrayList<>();
        if (found < 0) {
            // too different: everything out, everything in
            for (int i = 0; i < n; i++) {
                script.add(new int[] {-1, i});
            }
            for (int j = 0; j < m; j++) {
                script.add(new int[] {1, j});
            }
            return script;
        }
        int x = n;
        int y = m;
        for (int d = found; d > 0; d--) {
            int[] prev = trace.get(d - 1);
            int k = x - y;
            int prevK;
            if (k == -d || (k != d && get(prev, d - 1, k - 1) < get(prev, d - 1, k + 1))) {
                prevK = k + 1;
            } else {
                prevK = k - 1;
            }
            int prevX = get(prev, d - 1, prevK);
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                script.add(new int[] {0, x - 1});
                x--;
                y--;
            }
            if (x == prevX) {
                script.add(new int[] {1, y - 1});
            } else {
                script.add(new int[] {-1, x - 1});
            }
            x = prevX;
            y = prevY;
        }
        while (x > 0 && y > 0) {
            script.add(new int[] {0, x - 1});
            x--;
            y--;
        }
        java.util.Collections.reverse(script);
        return script;
    }

    private static int get(int[] snap, int d, int k) {
        int i = k + d;
        return i < 0 || i >= snap.length ? -1 : snap[i];
    }
}
