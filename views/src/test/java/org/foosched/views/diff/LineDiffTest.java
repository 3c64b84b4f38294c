package org.foosched.views.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LineDiffTest {

    private static List<String> lines(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split("\n", -1));
    }

    @Test
    void pairsChangedLinesAndAlignsInsertions() {
        List<LineDiff.Row> rows = LineDiff.sideBySide(lines("a\nb\nc\nd"), lines("a\nB\nc\nx\nd"));
        assertThat(rows).extracting(r -> r.kind() + ":" + r.leftLine() + ":" + r.rightLine()).containsExactly(
                "SAME:1:1", "CHANGED:2:2", "SAME:3:3", "ADDED:0:4", "SAME:4:5");
        assertThat(rows.get(1).left()).isEqualTo("b");
        assertThat(rows.get(1).right()).isEqualTo("B");
    }

    @Test
    void removalsAndEmptySides() {
        assertThat(LineDiff.sideBySide(lines("a\nb\nc"), lines("a\nc"))).extracting(LineDiff.Row::kind)
                .containsExactly(LineDiff.Kind.SAME, LineDiff.Kind.REMOVED, LineDiff.Kind.SAME);
        assertThat(LineDiff.sideBySide(List.of(), lines("x\ny"))).extracting(LineDiff.Row::kind)
                .containsExactly(LineDiff.Kind.ADDED, LineDiff.Kind.ADDED);
        assertThat(LineDiff.sideBySide(lines("x"), List.of())).extracting(LineDiff.Row::kind)
                .containsExactly(LineDiff.Kind.REMOVED);
    }

    @Test
    void foldsLongEqualRunsAroundChanges() {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            a.add("line " + i);
        }
        List<String> b = new ArrayList<>(a);
        b.set(50, "changed");
        List<LineDiff.Row> rows = LineDiff.sideBySide(a, b, 2);
        assertThat(rows).extracting(LineDiff.Row::kind).containsExactly(LineDiff.Kind.GAP, LineDiff.Kind.SAME,
                LineDiff.Kind.SAME, LineDiff.Kind.CHANGED, LineDiff.Kind.SAME, LineDiff.Kind.SAME, LineDiff.Kind.GAP);
        assertThat(rows.get(0).left()).isEqualTo("48 unchanged lines");
        assertThat(rows.get(3).leftLine()).isEqualTo(51);
    }

    @Test
    void theRowsRebuildBothTextsForRandomEdits() {
        Random rnd = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<String> a = new ArrayList<>();
            for (int i = 0; i < rnd.nextInt(30); i++) {
                a.add("l" + rnd.nextInt(8));
            }
            List<String> b = new ArrayList<>(a);
            for (int e = 0; e < rnd.nextInt(6); e++) {
                int op = rnd.nextInt(3);
                if (op == 0 || b.isEmpty()) {
                    b.add(rnd.nextInt(b.size() + 1), "n" + rnd.nextInt(8));
                } else if (op == 1) {
                    b.remove(rnd.nextInt(b.size()));
                } else {
                    b.set(rnd.nextInt(b.size()), "c" + rnd.nextInt(8));
                }
            }
            List<LineDiff.Row> rows = LineDiff.sideBySide(a, b);
            List<String> left = new ArrayList<>();
            List<String> right = new ArrayList<>();
            for (LineDiff.Row r : rows) {
                if (r.leftLine() > 0) {
                    assertThat(r.leftLine()).isEqualTo(left.size() + 1);
                    left.add(r.left());
                }
                if (r.rightLine() > 0) {
                    assertThat(r.rightLine()).isEqualTo(right.size() + 1);
                    right.add(r.right());
                }
            }
            assertThat(left).isEqualTo(a);
            assertThat(right).isEqualTo(b);
            long changed = rows.stream().filter(r -> r.kind() != LineDiff.Kind.SAME).count();
            assertThat(changed).isLessThanOrEqualTo(a.size() + b.size());
        }
    }
}
