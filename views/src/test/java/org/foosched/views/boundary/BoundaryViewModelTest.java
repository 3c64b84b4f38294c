package org.foosched.views.boundary;

import org.foosched.analysis.boundary.DataPlacement;
import org.foosched.analysis.boundary.FunctionClass;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.model.VarId;
import org.foosched.views.problems.ProblemItem;
import org.foosched.views.testing.OpenedFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The boundary panel's logic on the real fixture workspace, without a screen. */
class BoundaryViewModelTest {

    @TempDir
    Path tmp;

    OpenedFixture f;
    BoundaryViewModel vm;

    @BeforeEach
    void open() {
        f = new OpenedFixture(tmp);
        vm = new BoundaryViewModel(f.ctx);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private void settle() {
        f.ui.pumpUntil(() -> !vm.analysingProperty().get(), Duration.ofSeconds(30));
    }

    private FunctionClass cls(String name) {
        return f.ctx.analysis().function(new FnId("kernel/sched/core.c", name)).orElseThrow().cls();
    }

    @Test
    void theListsMirrorTheWorkspacesBoundaryYaml() {
        assertThat(vm.list(BoundaryViewModel.Section.INTERFACE)).contains("try_to_wake_up", "wake_up_q", "schedule");
        assertThat(vm.list(BoundaryViewModel.Section.CRITICAL)).containsExactly("runqueues", "fair_sched_class");
        assertThat(vm.dirtyProperty().get()).isFalse();
        assertThat(vm.validProperty().get()).isTrue();
        assertThat(vm.functions()).extracting(FunctionRow::name).contains("try_to_wake_up", "ttwu_do_activate")
                .as("functions outside mod_files are hidden by default").doesNotContain("copy_process");
    }

    @Test
    void droppingAnInterfaceRewritesTheYamlReanalysesAndSaysWhatMoved() throws Exception {
        String before = vm.yamlTextProperty().get();
        vm.remove(BoundaryViewModel.Section.INTERFACE, "try_to_wake_up");

        assertThat(vm.yamlTextProperty().get()).doesNotContain("- try_to_wake_up")
                .contains("# entries the rest of the kernel calls; the module replaces them");
        assertThat(vm.dirtyProperty().get()).isTrue();
        assertThat(vm.analysingProperty().get()).isTrue();
        settle();

        assertThat(cls("try_to_wake_up")).isEqualTo(FunctionClass.OUTSIDER);
        assertThat(cls("ttwu_do_activate")).isEqualTo(FunctionClass.OUTSIDER);
        assertThat(vm.moves()).anySatisfy(m -> assertThat(m)
                .startsWith("4 functions became outsiders (was 1 interface, 3 insiders) because wake_up_process is used by "
                        + "kthread_wake outside the boundary")
                .contains("try_to_wake_up", "ttwu_do_activate", "enqueue_task", "update_rq_clock"));
        assertThat(vm.statusProperty().get()).startsWith("remove try_to_wake_up from function.interface: analysed in");
        assertThat(vm.lastAnalysisMillisProperty().get()).isBetween(0L, 1000L);

        vm.save();
        assertThat(Files.readString(vm.file())).isEqualTo(vm.yamlTextProperty().get()).isNotEqualTo(before);
        assertThat(vm.dirtyProperty().get()).isFalse();

        vm.add(BoundaryViewModel.Section.INTERFACE, "try_to_wake_up");
        settle();
        assertThat(cls("try_to_wake_up")).isEqualTo(FunctionClass.INTERFACE);
        assertThat(vm.moves()).anySatisfy(m -> assertThat(m).startsWith("1 function became an interface"));
    }

    @Test
    void editingTheYamlTextUpdatesTheListsAndTheAnalysis() {
        String text = vm.yamlTextProperty().get().replace("    - wake_up_q\n", "    - wake_up_q\n    - wake_up_process\n");
        vm.yamlTextProperty().set(text);
        assertThat(vm.list(BoundaryViewModel.Section.INTERFACE)).contains("wake_up_process");
        settle();
        assertThat(cls("wake_up_process")).isEqualTo(FunctionClass.INTERFACE);
    }

    @Test
    void invalidYamlIsReportedAtItsLineAndTheLastValidConfigurationStays() {
        String text = vm.yamlTextProperty().get().replace("    - wake_up_q\n", "    - wake_up_q\n    - 2bad\n");
        int line = (int) text.substring(0, text.indexOf("2bad")).chars().filter(c -> c == '\n').count() + 1;
        vm.yamlTextProperty().set(text);

        assertThat(vm.validProperty().get()).isFalse();
        assertThat(vm.configProblems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).isEqualTo("'2bad' in function.interface is not a C identifier");
        });
        assertThat(f.ctx.problems().of(ProblemItem.Source.CONFIG)).singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(line));
        assertThat(vm.list(BoundaryViewModel.Section.INTERFACE)).contains("try_to_wake_up").doesNotContain("2bad");
        assertThatThrownBy(() -> vm.add(BoundaryViewModel.Section.INTERFACE, "x"))
                .hasMessageContaining("fix them in the editor first");

        vm.revert();
        assertThat(vm.validProperty().get()).isTrue();
        assertThat(f.ctx.problems().of(ProblemItem.Source.CONFIG)).isEmpty();
    }

    @Test
    void anUnknownNameIsAnAnalysisErrorPointingAtItsLine() {
        vm.add(BoundaryViewModel.Section.INTERFACE, "no_such_function");
        settle();
        assertThat(f.ctx.problems().of(ProblemItem.Source.ANALYSIS)).anySatisfy(p -> {
            assertThat(p.severity()).isEqualTo(ProblemItem.Severity.ERROR);
            assertThat(p.message()).contains("interface 'no_such_function' is not defined in mod_files");
            assertThat(p.file()).isEqualTo(vm.file());
            assertThat(p.line()).isPositive();
        });
    }

    @Test
    void typedNamesAreCheckedBeforeTheyReachTheFile() {
        assertThat(vm.validateName(BoundaryViewModel.Section.OUTSIDER, "")).isEqualTo("type a name");
        assertThat(vm.validateName(BoundaryViewModel.Section.OUTSIDER, "9lives")).isEqualTo("'9lives' is not a C identifier");
        assertThat(vm.validateName(BoundaryViewModel.Section.INTERFACE, "schedule"))
                .isEqualTo("schedule is already in function.interface");
        assertThat(vm.validateName(BoundaryViewModel.Section.OUTSIDER, "schedule")).isNull();
    }

    @Test
    void makingAnInterfaceAnOutsiderTakesItOffTheInterfaces() {
        vm.setOutsider("wake_up_q", true);
        assertThat(vm.list(BoundaryViewModel.Section.OUTSIDER)).containsExactly("wake_up_q");
        assertThat(vm.list(BoundaryViewModel.Section.INTERFACE)).doesNotContain("wake_up_q");
        settle();
        assertThat(cls("wake_up_q")).isEqualTo(FunctionClass.OUTSIDER);
    }

    @Test
    void sharedAndCriticalTogglesGoThroughTheRightLists() {
        VariableRow nrWakeups = vm.variables().stream().filter(v -> v.name().equals("nr_wakeups")).findFirst().orElseThrow();
        assertThat(nrWakeups.placement()).isEqualTo(DataPlacement.PRIVATE);
        vm.setShared(nrWakeups, true);
        assertThat(vm.list(BoundaryViewModel.Section.EXTRA_PUBLIC)).containsExactly("nr_wakeups");
        VariableRow features = vm.variables().stream().filter(v -> v.name().equals("sysctl_sched_features")).findFirst()
                .orElseThrow();
        vm.setShared(features, false);
        assertThat(vm.list(BoundaryViewModel.Section.FORCE_PRIVATE)).containsExactly("sysctl_sched_features");
        vm.setCritical(features, true);
        settle();
        assertThat(f.ctx.analysis().variable(new VarId("kernel/sched/core.c", "nr_wakeups")).orElseThrow().placement())
                .isEqualTo(DataPlacement.SHARED);
        assertThat(f.ctx.analysis().variable(new VarId("kernel/sched/core.c", "sysctl_sched_features")).orElseThrow()
                .placement()).isEqualTo(DataPlacement.PRIVATE_CRITICAL);
        assertThat(vm.moves()).anySatisfy(m -> assertThat(m).startsWith("2 variables moved"));
        vm.setShared(vm.variables().stream().filter(v -> v.name().equals("nr_wakeups")).findFirst().orElseThrow(), false);
        assertThat(vm.list(BoundaryViewModel.Section.EXTRA_PUBLIC)).isEmpty();
    }

    @Test
    void sidecarEntriesAreAddedAndRemoved() {
        vm.addSidecar("copy_process", "kernel/fork.c");
        assertThat(vm.sidecar()).extracting(e -> e.function()).containsExactly("copy_process");
        assertThat(vm.yamlTextProperty().get()).contains("- {function: copy_process, file: kernel/fork.c}");
        vm.removeSidecar(vm.sidecar().get(0));
        assertThat(vm.sidecar()).isEmpty();
    }

    @Test
    void filtersByClassFileAndName() {
        vm.classFilterProperty().set(FunctionClass.CALLBACK);
        assertThat(vm.functions()).extracting(FunctionRow::name)
                .containsExactlyInAnyOrder("hrtick", "enqueue_task_fair", "dequeue_task_fair", "pick_next_task_fair",
                        "task_tick_fair");
        vm.fileFilterProperty().set("kernel/sched/core.c");
        assertThat(vm.functions()).extracting(FunctionRow::name).containsExactly("hrtick");
        vm.classFilterProperty().set(null);
        vm.searchProperty().set("WAKE_UP");
        assertThat(vm.functions()).extracting(FunctionRow::name)
                .containsExactlyInAnyOrder("try_to_wake_up", "wake_up_process", "wake_up_new_task", "wake_up_q");
        vm.fileFilterProperty().set("");
        vm.searchProperty().set("task_cpu");
        assertThat(vm.functions()).as("a header inline of include/ is outside mod_files").isEmpty();
        vm.showOutsideProperty().set(true);
        assertThat(vm.functions()).extracting(FunctionRow::cls).containsExactly(FunctionClass.OUTSIDE);
    }
}
