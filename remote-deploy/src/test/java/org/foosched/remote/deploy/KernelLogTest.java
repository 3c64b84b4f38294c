package org.foosched.remote.deploy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KernelLogTest {

    @Test
    void linesAfterATimestampMarkAreTheNewOnes() {
        List<String> before = List.of("[    1.000000] a", "[    2.500000] b", "continued line without stamp");
        KernelLog.Mark mark = KernelLog.markOf(before);
        assertThat(mark).isEqualTo(new KernelLog.Mark(3, 2.5));
        List<String> now = List.of("[    2.500000] b", "continued line without stamp", "[    3.000000] c", "[    4.000000] d");
        assertThat(KernelLog.after(mark, now)).containsExactly("[    3.000000] c", "[    4.000000] d");
    }

    @Test
    void withoutTimestampsLinesAreCounted() {
        KernelLog.Mark mark = KernelLog.markOf(List.of("a", "b"));
        assertThat(mark.lastTimestamp()).isNull();
        assertThat(KernelLog.after(mark, List.of("a", "b", "c"))).containsExactly("c");
        // a log that shrank (cleared, wrapped) gives everything rather than nothing
        assertThat(KernelLog.after(new KernelLog.Mark(10, null), List.of("x"))).containsExactly("x");
    }
}
