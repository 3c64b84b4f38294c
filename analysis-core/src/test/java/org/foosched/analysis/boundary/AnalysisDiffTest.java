package org.foosched.analysis.boundary;

import org.foosched.analysis.config.BoundaryConfig;
import org.foosched.analysis.config.BoundaryConfigLoader;
import org.foosched.analysis.model.CodeModel;
import org.foosched.analysis.model.FnDef;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.model.Use;
import org.foosched.analysis.model.VarDef;
import org.foosched.analysis.model.VarId;
import org.foosched.analysis.testing.FakeVmlinux;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AnalysisDiffTest {

    static final String CORE = "kernel/sched/core.c";

    private final BoundaryConfigLoader loader = new BoundaryConfigLoader();

    private BoundaryConfig config(String interfaces, String data) {
        return loader.parse(Path.of("boundary.yaml"), """
                units: [kernel/sched/core.c]
                mod_files: [kernel/sched/core.c]
                function:
                  interface: [%s]
                %s""".formatted(interfaces, data));
    }

    private static FnDef fn(String name) {
        return new FnDef(new FnId(CORE, name), Set.of(CORE), 1, true, false, false, false, false, null, "");
    }

    private static FnId id(String name) {
        return new FnId(CORE, name);
    }

    /**
     * wake_up_q is called from vmlinux code outside the scheduler; it calls a chain of three
     * helpers, and tick_cb's address is taken by the tick.
     */
    private final CodeModel model = CodeModel.builder()
            .function(CORE, fn("wake_up_q"))
            .function(CORE, fn("wake_helper"))
            .function(CORE, fn("wake_stat"))
            .function(CORE, fn("wake_trace"))
            .function(CORE, fn("scheduler_tick"))
            .function(CORE, fn("tick_cb"))
            .variable(CORE, new VarDef(new VarId(CORE, "nohz"), Set.of(CORE), 1, true, false, false, false, 64, null, ""))
            .use(CORE, "wake_up_q", "wake_helper", Use.Kind.CALL, 10)
            .use(CORE, "wake_helper", "wake_stat", Use.Kind.CALL, 11)
            .use(CORE, "wake_helper", "wake_trace", Use.Kind.CALL, 12)
            .use(CORE, "scheduler_tick", "tick_cb", Use.Kind.ADDRESS, 20)
            .use(CORE, "wake_up_q", "nohz", Use.Kind.VARIABLE, 13)
            .build();

    private final FakeVmlinux vm = new FakeVmlinux()
            .has(id("wake_up_q"), id("wake_helper"), id("wake_stat"), id("wake_trace"), id("scheduler_tick"),
                    id("tick_cb"), new VarId(CORE, "nohz"))
            .calledFromOutside(id("wake_up_q"), "futex_wake", ".text", true)
            .calledFromOutside(id("scheduler_tick"), "update_process_times", ".text", true);

    private AnalysisResult analyze(BoundaryConfig c) {
        return new Analyzer().analyze(c, model, vm);
    }

    @Test
    void droppingAnInterfaceSaysWhichFunctionsBecameOutsidersAndWhy() {
        AnalysisResult before = analyze(config("scheduler_tick, wake_up_q", ""));
        AnalysisResult after = analyze(config("scheduler_tick", ""));

        AnalysisDiff d = AnalysisDiff.between(before, after);

        assertThat(d.functionMoves()).extracting(m -> m.id().name() + ":" + m.from() + "->" + m.to())
                .containsExactly("wake_helper:INSIDER->OUTSIDER", "wake_stat:INSIDER->OUTSIDER",
                        "wake_trace:INSIDER->OUTSIDER", "wake_up_q:INTERFACE->OUTSIDER");
        assertThat(d.groups()).hasSize(1);
        AnalysisDiff.Group g = d.groups().get(0);
        assertThat(g.to()).isEqualTo(FunctionClass.OUTSIDER);
        assertThat(g.causeNode()).isEqualTo(id("wake_up_q"));
        assertThat(g.summary()).isEqualTo("4 functions became outsiders (was 1 interface, 3 insiders) because "
                + "wake_up_q is used by futex_wake outside the boundary (vmlinux .text): "
                + "wake_helper, wake_stat, wake_trace, wake_up_q");
        assertThat(d.summary()).containsExactly(g.summary());
    }

    @Test
    void theReverseMoveIsCreditedToTheConfigurationEntry() {
        AnalysisResult before = analyze(config("scheduler_tick", ""));
        AnalysisResult after = analyze(config("scheduler_tick, wake_up_q", ""));
        AnalysisDiff d = AnalysisDiff.between(before, after);
        assertThat(d.summary()).containsExactly(
                "3 functions became insiders (was 3 outsiders) because only the boundary's own code uses them now: "
                        + "wake_helper, wake_stat, wake_trace",
                "1 function became an interface (was 1 outsider) because the boundary lists it in function.interface: "
                        + "wake_up_q");
    }

    @Test
    void variablePlacementChangesAreListed() {
        AnalysisResult before = analyze(config("scheduler_tick", ""));
        AnalysisResult after = analyze(config("scheduler_tick", "data:\n  extra_public: [nohz]\n  critical: [nohz]\n"));
        AnalysisDiff d = AnalysisDiff.between(before, after);
        assertThat(d.functionMoves()).isEmpty();
        assertThat(d.variableMoves()).singleElement().satisfies(m -> {
            assertThat(m.before().placement().shared()).isFalse();
            assertThat(m.after().placement()).isEqualTo(DataPlacement.SHARED_CRITICAL);
        });
        assertThat(d.summary()).containsExactly("1 variable moved: nohz: " + AnalysisDiff.label(
                analyze(config("scheduler_tick", "")).variable(new VarId(CORE, "nohz")).orElseThrow().placement())
                + " -> shared critical (rebuild)");
    }

    @Test
    void newAndFixedProblemsAreReported() {
        AnalysisResult before = analyze(config("scheduler_tick", ""));
        AnalysisResult after = analyze(config("scheduler_tick, no_such_fn", ""));
        AnalysisDiff d = AnalysisDiff.between(before, after);
        assertThat(d.newProblems()).extracting(Problem::message).singleElement().asString().contains("no_such_fn");
        assertThat(AnalysisDiff.between(after, before).fixedProblems()).hasSize(1);
        assertThat(d.isEmpty()).isFalse();
    }

    @Test
    void identicalAnalysesDiffToNothing() {
        AnalysisResult a = analyze(config("scheduler_tick", ""));
        AnalysisDiff d = AnalysisDiff.between(a, analyze(config("scheduler_tick", "")));
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.summary()).isEqualTo(List.of("nothing moved"));
    }
}
