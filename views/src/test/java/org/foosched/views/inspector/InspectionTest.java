package org.foosched.views.inspector;

import org.foosched.analysis.model.FnId;
import org.foosched.analysis.model.VarId;
import org.foosched.views.testing.OpenedFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class InspectionTest {

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

    @Test
    void anInterfaceShowsWhyWhoCallsItAndWhatItCalls() {
        Inspection i = Inspection.of(f.ctx.analysis(), f.session.session().model(), new FnId("kernel/sched/core.c",
                "try_to_wake_up"));
        assertThat(i.classLabel()).isEqualTo("interface");
        assertThat(i.why()).hasSize(2);
        assertThat(i.why().get(1)).startsWith("  because listed in function.interface (").endsWith("boundary.yaml:14)");
        assertThat(i.users()).extracting(Inspection.Ref::name).containsExactlyInAnyOrder("wake_up_process", "wake_up_q");
        assertThat(i.users()).filteredOn(r -> r.name().equals("wake_up_process")).singleElement()
                .satisfies(r -> assertThat(r.toString()).isEqualTo("wake_up_process  (outsider, calls)"));
        assertThat(i.uses()).extracting(Inspection.Ref::name).contains("ttwu_do_activate");
        assertThat(i.declaration()).contains("try_to_wake_up");
        assertThat(i.definedAt()).startsWith("kernel/sched/core.c:");
        assertThat(i.facts()).anySatisfy(s -> assertThat(s).startsWith("vmlinux symbol try_to_wake_up in .text"));
    }

    @Test
    void anOutsiderShowsTheChainThatKeepsItInVmlinux() {
        Inspection i = Inspection.of(f.ctx.analysis(), f.session.session().model(), new FnId("kernel/sched/core.c",
                "wake_up_process"));
        assertThat(i.classLabel()).isEqualTo("outsider");
        assertThat(i.why().get(1)).isEqualTo("  because used by kthread_wake outside the boundary (vmlinux .text)");
    }

    @Test
    void aVariableShowsItsCellAndAction() {
        Inspection i = Inspection.of(f.ctx.analysis(), f.session.session().model(), new VarId("kernel/sched/core.c",
                "runqueues"));
        assertThat(i.kind()).isEqualTo("variable");
        assertThat(i.classLabel()).isEqualTo("shared, critical");
        assertThat(i.facts()).contains("on load: rebuild");
        assertThat(i.users()).extracting(Inspection.Ref::name).contains("scheduler_tick", "sched_init");
    }
}
