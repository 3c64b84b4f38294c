package org.foosched.views.graph;

import org.foosched.analysis.boundary.FunctionClass;
import org.foosched.analysis.model.FnId;
import org.foosched.views.testing.OpenedFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CallGraphSliceTest {

    static final String CORE = "kernel/sched/core.c";

    @TempDir
    Path tmp;

    OpenedFixture f;

    @BeforeEach
    void open() {
        f = new OpenedFixture(tmp);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private CallGraphSlice around(String name, int hops) {
        return CallGraphSlice.around(f.ctx.analysis(), f.session.session().model(), f.session.session().view(),
                new FnId(CORE, name), hops, 16);
    }

    @Test
    void callersLeftCalleesRightVmlinuxCallersGreyAndTheirEdgesMarked() {
        CallGraphSlice s = around("try_to_wake_up", 1);
        assertThat(s.centerKey()).isEqualTo(CORE + ":try_to_wake_up");
        assertThat(s.node(CORE + ":try_to_wake_up").column()).isZero();
        assertThat(s.node(CORE + ":wake_up_process").column()).isEqualTo(-1);
        assertThat(s.node(CORE + ":wake_up_q").column()).isEqualTo(-1);
        assertThat(s.node(CORE + ":ttwu_do_activate").column()).isEqualTo(1);
        assertThat(s.node(CORE + ":ttwu_do_activate").cls()).isEqualTo(FunctionClass.INSIDER);
        // kthread_wake (vmlinux, outside the units) calls wake_up_process, a direct caller
        CallGraphSlice.Node kthread = s.node("vmlinux:kthread_wake");
        assertThat(kthread).isNotNull();
        assertThat(kthread.external()).isTrue();
        assertThat(kthread.column()).isEqualTo(-2);
        assertThat(s.edges()).contains(new CallGraphSlice.Edge("vmlinux:kthread_wake", CORE + ":wake_up_process",
                org.foosched.analysis.model.Use.Kind.CALL, true));
        // wake_up_process stays in vmlinux: its call is marked; wake_up_q (an interface) is the module's
        assertThat(s.edges()).filteredOn(e -> e.to().equals(CORE + ":try_to_wake_up"))
                .extracting(e -> e.from() + "=" + e.fromOutside())
                .containsExactlyInAnyOrder(CORE + ":wake_up_process=true", CORE + ":wake_up_q=false");
        assertThat(s.nodes()).allSatisfy(n -> assertThat(n.x()).isEqualTo(n.column() * s.nodes().stream()
                .filter(m -> m.column() == 1).findFirst().orElseThrow().x()));
    }

    @Test
    void moreHopsReachFurtherAndColumnsAreCut() {
        assertThat(around("try_to_wake_up", 1).nodes()).extracting(CallGraphSlice.Node::label)
                .doesNotContain("update_rq_clock");
        CallGraphSlice two = around("try_to_wake_up", 2);
        assertThat(two.node(CORE + ":enqueue_task").column()).isEqualTo(2);
        assertThat(two.node(CORE + ":update_rq_clock")).isNull();
        assertThat(around("try_to_wake_up", 3).node(CORE + ":update_rq_clock").column()).isEqualTo(3);
        CallGraphSlice cut = CallGraphSlice.around(f.ctx.analysis(), f.session.session().model(), null,
                new FnId(CORE, "try_to_wake_up"), 2, 1);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.nodes().stream().filter(n -> n.column() == 1)).hasSize(1);
    }

    @Test
    void theFileOverviewCountsCallsBetweenFiles() {
        FileOverview o = FileOverview.of(f.ctx.analysis(), f.session.session().model());
        assertThat(o.files()).extracting(FileOverview.FileNode::file)
                .contains(CORE, "kernel/sched/fair.c", FileOverview.OUTSIDE);
        FileOverview.FileNode core = o.files().stream().filter(n -> n.file().equals(CORE)).findFirst().orElseThrow();
        assertThat(core.counts().get(FunctionClass.INTERFACE)).isEqualTo(7);
        assertThat(core.dominant()).isIn(FunctionClass.INTERFACE, FunctionClass.INSIDER);
        // scheduler_tick (core.c) calls trigger_load_balance (fair.c); fair.c calls resched_curr (core.c)
        assertThat(o.calls()).anySatisfy(e -> {
            assertThat(e.from()).isEqualTo(CORE);
            assertThat(e.to()).isEqualTo("kernel/sched/fair.c");
            assertThat(e.calls()).isEqualTo(1);
        });
        assertThat(o.calls()).anySatisfy(e -> {
            assertThat(e.from()).isEqualTo("kernel/sched/fair.c");
            assertThat(e.to()).isEqualTo(CORE);
            assertThat(e.calls()).isEqualTo(2);
        });
    }
}
