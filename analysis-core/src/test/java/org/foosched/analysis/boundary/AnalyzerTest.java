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
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AnalyzerTest {

    static final String CORE = "kernel/sched/core.c";
    static final String POLICY = "kernel/sched/build_policy.c";
    static final String RT = "kernel/sched/rt.c";
    static final String CPUTIME = "kernel/sched/cputime.c";
    static final String SCHED_H = "kernel/sched/sched.h";
    static final String LINUX_H = "include/linux/sched.h";

    private final BoundaryConfigLoader loader = new BoundaryConfigLoader();

    private BoundaryConfig config(String extra) {
        return loader.parse(Path.of("boundary.yaml"), """
                units: [kernel/sched/core.c, kernel/sched/build_policy.c]
                mod_files: [kernel/sched/core.c, kernel/sched/rt.c, kernel/sched/sched.h]
                interface_prefix: [__x64_sys_]
                function:
                  interface:
                    - scheduler_tick
                """ + extra);
    }

    private static FnDef fn(String file, String name, boolean isStatic) {
        return new FnDef(new FnId(file, name), Set.of(file.startsWith("kernel/sched/rt") || file.endsWith("cputime.c")
                ? POLICY : CORE), 1, isStatic, false, false, false, false, null, "void " + name + "(void)");
    }

    private static FnDef inline(String file, String name) {
        return new FnDef(new FnId(file, name), Set.of(CORE), 1, true, true, false, false, false, null, "");
    }

    private static FnDef init(String file, String name) {
        return new FnDef(new FnId(file, name), Set.of(CORE), 1, false, false, true, false, false, null, "");
    }

    private static VarDef var(String file, String name, boolean isStatic, boolean percpu, long size) {
        return new VarDef(new VarId(file, name), Set.of(CORE), 1, isStatic, percpu, false, false, size, null, "");
    }

    @Test
    void classifiesTheSeedsCases() {
        CodeModel model = CodeModel.builder()
                .function(CORE, fn(CORE, "scheduler_tick", false))
                .function(CORE, fn(CORE, "task_tick_helper", true))
                .function(CORE, fn(CORE, "wake_up_process", false))
                .function(CORE, fn(CORE, "ttwu_do_work", true))
                .function(CORE, fn(CORE, "ttwu_stat", true))
                .function(CORE, fn(CORE, "sched_tick_timer", true))
                .function(CORE, init(CORE, "sched_init"))
                .function(CORE, fn(CORE, "init_helper", true))
                .function(CORE, fn(CORE, "__x64_sys_sched_yield", false))
                .function(CORE, fn(CORE, "inlined_everywhere", true))
                .function(CORE, inline(SCHED_H, "rq_clock"))
                .function(CORE, fn(CORE, "clock_update", true))
                .use(CORE, "scheduler_tick", "task_tick_helper", Use.Kind.CALL, 10)
                .use(CORE, "wake_up_process", "ttwu_do_work", Use.Kind.CALL, 20)
                .use(CORE, "ttwu_do_work", "ttwu_stat", Use.Kind.CALL, 30)
                .use(CORE, "ttwu_do_work", "inlined_everywhere", Use.Kind.CALL, 31)
                .use(CORE, "ttwu_do_work", "rq_clock", Use.Kind.CALL, 32)
                .use(CORE, "rq_clock", "clock_update", Use.Kind.CALL, 33)
                .use(CORE, "scheduler_tick", "sched_tick_timer", Use.Kind.ADDRESS, 11)
                .use(CORE, "sched_init", "init_helper", Use.Kind.CALL, 40)
                .build();
        FnId tick = new FnId(CORE, "scheduler_tick");
        FnId wake = new FnId(CORE, "wake_up_process");
        FakeVmlinux vm = new FakeVmlinux()
                .has(tick, new FnId(CORE, "task_tick_helper"), wake, new FnId(CORE, "ttwu_do_work"),
                        new FnId(CORE, "ttwu_stat"), new FnId(CORE, "sched_tick_timer"), new FnId(CORE, "sched_init"),
                        new FnId(CORE, "init_helper"), new FnId(CORE, "__x64_sys_sched_yield"),
                        new FnId(CORE, "clock_update"))
                .calledFromOutside(wake, "kthread_wakeup", ".text", true)
                .calledFromOutside(new FnId(CORE, "init_helper"), "start_kernel", ".init.text", true)
                .exported("wake_up_process");

        AnalysisResult r = new Analyzer().analyze(config(""), model, vm);

        assertThat(r.errors()).isEmpty();
        assertThat(cls(r, "scheduler_tick")).isEqualTo(FunctionClass.INTERFACE);
        assertThat(cls(r, "__x64_sys_sched_yield")).isEqualTo(FunctionClass.INTERFACE);
        assertThat(cls(r, "task_tick_helper")).isEqualTo(FunctionClass.INSIDER);
        assertThat(cls(r, "sched_tick_timer")).isEqualTo(FunctionClass.CALLBACK);
        assertThat(cls(r, "wake_up_process")).isEqualTo(FunctionClass.OUTSIDER);
        assertThat(cls(r, "ttwu_do_work")).isEqualTo(FunctionClass.OUTSIDER);
        assertThat(cls(r, "ttwu_stat")).isEqualTo(FunctionClass.OUTSIDER);
        assertThat(cls(r, "inlined_everywhere")).isEqualTo(FunctionClass.OPTIMIZED_OUTSIDER);
        assertThat(cls(r, "rq_clock")).as("header inline used by an outsider").isEqualTo(FunctionClass.OPTIMIZED_OUTSIDER);
        assertThat(cls(r, "clock_update")).as("the chain passes through header inlines").isEqualTo(FunctionClass.OUTSIDER);
        assertThat(cls(r, "sched_init")).isEqualTo(FunctionClass.INIT);
        assertThat(cls(r, "init_helper")).as("calls from init code do not force anything out").isEqualTo(FunctionClass.INSIDER);
        assertThat(r.function(wake).orElseThrow().exported()).isTrue();
        assertThat(r.redirected()).extracting(FunctionResult::name)
                .containsExactlyInAnyOrder("scheduler_tick", "sched_tick_timer", "__x64_sys_sched_yield");

        assertThat(r.explain(new FnId(CORE, "ttwu_stat"))).containsExactly(
                "kernel/sched/core.c:ttwu_stat is an outsider (vmlinux symbol ttwu_stat)",
                "  because used by kernel/sched/core.c:ttwu_do_work (line 30), which stays in vmlinux",
                "  and ttwu_do_work stays in vmlinux because used by kernel/sched/core.c:wake_up_process (line 20), which stays in vmlinux",
                "  and wake_up_process stays in vmlinux because used by kthread_wakeup outside the boundary (vmlinux .text)");
        assertThat(r.explain(tick)).containsExactly(
                "kernel/sched/core.c:scheduler_tick is an interface (vmlinux symbol scheduler_tick)",
                "  because listed in function.interface (boundary.yaml:6)");
    }

    @Test
    void filesOfTheUnitsOutsideModFilesAreOutsideAndForceTheirCalleesOut() {
        CodeModel model = CodeModel.builder()
                .function(POLICY, fn(CPUTIME, "account_user_time", false))
                .function(POLICY, fn(RT, "update_curr_rt", true))
                .function(POLICY, fn(RT, "rt_only", true))
                .function(POLICY, inline(LINUX_H, "task_util"))
                .function(POLICY, fn(RT, "util_helper", true))
                .function(POLICY, inline(LINUX_H, "boundary_only_helper"))
                .function(POLICY, fn(RT, "deep", true))
                .use(POLICY, "account_user_time", "update_curr_rt", Use.Kind.CALL, 5)
                .use(POLICY, "account_user_time", "task_util", Use.Kind.CALL, 6)
                .use(POLICY, "task_util", "util_helper", Use.Kind.CALL, 7)
                .use(POLICY, "rt_only", "boundary_only_helper", Use.Kind.CALL, 8)
                .use(POLICY, "boundary_only_helper", "deep", Use.Kind.CALL, 9)
                .build();
        FakeVmlinux vm = new FakeVmlinux().has(new FnId(CPUTIME, "account_user_time"), new FnId(RT, "update_curr_rt"),
                new FnId(RT, "rt_only"), new FnId(RT, "util_helper"), new FnId(RT, "deep"));
        AnalysisResult r = new Analyzer().analyze(config(""), model, vm);
        assertThat(cls(r, "account_user_time")).isEqualTo(FunctionClass.OUTSIDE);
        assertThat(cls(r, "update_curr_rt")).isEqualTo(FunctionClass.OUTSIDER);
        assertThat(cls(r, "util_helper")).isEqualTo(FunctionClass.OUTSIDER);
        assertThat(cls(r, "rt_only")).isEqualTo(FunctionClass.INSIDER);
        assertThat(cls(r, "deep")).as("a header helper used only inside does not force anything out")
                .isEqualTo(FunctionClass.INSIDER);
        assertThat(r.explain(new FnId(RT, "update_curr_rt")).get(1))
                .isEqualTo("  because used by kernel/sched/cputime.c:account_user_time outside the boundary "
                        + "(unit kernel/sched/build_policy.c line 5)");
    }

    @Test
    void unsafeRedirectionsAndUnknownNamesAreErrors() {
        CodeModel model = CodeModel.builder()
                .function(CORE, fn(CORE, "scheduler_tick", false))
                .function(CORE, fn(CORE, "pick_task", true))
                .function(CORE, fn(CORE, "cloned_cb", true))
                .function(CORE, fn(CORE, "user", true))
                .use(CORE, "user", "pick_task", Use.Kind.ADDRESS, 3)
                .use(CORE, "user", "cloned_cb", Use.Kind.ADDRESS, 4)
                .build();
        FakeVmlinux vm = new FakeVmlinux().has(new FnId(CORE, "user"), new FnId(CORE, "pick_task"), new FnId(CORE, "cloned_cb"))
                .variant(new FnId(CORE, "scheduler_tick"), ".isra.0")
                .cloneCalledFromOutside(new FnId(CORE, "cloned_cb"), ".constprop.0", "outside_caller");
        AnalysisResult r = new Analyzer().analyze(config("    - no_such_function\n"), model, vm);
        assertThat(r.errors()).extracting(Problem::toString).containsExactlyInAnyOrder(
                "error: boundary.yaml:7: interface 'no_such_function' is not defined in mod_files of this kernel; "
                        + "remove it or add its file to mod_files",
                "error: scheduler_tick: vmlinux has only compiler clones of this interface (scheduler_tick.isra.0) "
                        + "whose calling convention differs; it cannot be redirected safely",
                "error: cloned_cb: vmlinux calls its compiler clone cloned_cb.constprop.0 from outside_caller outside "
                        + "the boundary; a clone cannot be redirected, so that caller would keep the old code. "
                        + "Make cloned_cb an outsider or widen the boundary");
        assertThat(cls(r, "pick_task")).isEqualTo(FunctionClass.CALLBACK);
    }

    @Test
    void functionsWhosePatchRangeTheKernelRewritesAreNotRedirected() {
        CodeModel model = CodeModel.builder()
                .function(CORE, fn(CORE, "scheduler_tick", false))
                .function(CORE, fn(CORE, "set_next_task_idle", true))
                .function(CORE, fn(CORE, "user", true))
                .use(CORE, "user", "set_next_task_idle", Use.Kind.ADDRESS, 3)
                .build();
        FakeVmlinux vm = new FakeVmlinux().has(new FnId(CORE, "user"))
                .blocked(new FnId(CORE, "set_next_task_idle"), "a jump label at +0x9")
                .blocked(new FnId(CORE, "scheduler_tick"), "a static call at +0x7");
        AnalysisResult r = new Analyzer().analyze(config(""), model, vm);

        assertThat(cls(r, "set_next_task_idle")).as("a callback stays vmlinux's").isEqualTo(FunctionClass.OUTSIDER);
        assertThat(r.explain(new FnId(CORE, "set_next_task_idle"))).anyMatch(l -> l.contains(
                "has a jump label at +0x9 in the 5 bytes a jump would replace: vmlinux's copy stays the live one"));
        assertThat(r.errors()).extracting(Problem::toString).containsExactly(
                "error: scheduler_tick: vmlinux's scheduler_tick has a static call at +0x7 in the 5 bytes a jump "
                        + "would replace; it cannot be redirected, remove it from the configuration");
    }

    @Test
    void placesVariablesInTheSeedsTable() {
        CodeModel model = CodeModel.builder()
                .function(CORE, fn(CORE, "wake_up_process", false))
                .variable(CORE, var(CORE, "runqueues", false, true, 4096))
                .variable(CORE, var(CORE, "sysctl_sched_features", false, false, 4))
                .variable(CORE, var(CORE, "task_group_cache", true, false, 8))
                .variable(CORE, var(CORE, "local_counter", true, false, 8))
                .variable(CORE, var(CORE, "folded_const", false, false, 8))
                .variable(CORE, var(CORE, "big_private_pcpu", true, true, 9000))
                .variable(POLICY, var(CPUTIME, "cputime_stuff", false, false, 8))
                .use(CORE, "wake_up_process", "local_counter", Use.Kind.VARIABLE, 3)
                .build();
        FakeVmlinux vm = new FakeVmlinux()
                .has(new FnId(CORE, "wake_up_process"), new VarId(CORE, "runqueues"),
                        new VarId(CORE, "sysctl_sched_features"), new VarId(CORE, "task_group_cache"),
                        new VarId(CORE, "local_counter"), new VarId(CPUTIME, "cputime_stuff"))
                .calledFromOutside(new FnId(CORE, "wake_up_process"), "kthread", ".text", true);
        AnalysisResult r = new Analyzer().analyze(config("""
                data:
                  extra_public: [task_group_cache]
                  force_private: [sysctl_sched_features]
                  critical: [runqueues, sysctl_sched_features]
                """), model, vm);
        assertThat(place(r, CORE, "runqueues")).isEqualTo(DataPlacement.SHARED_CRITICAL);
        assertThat(place(r, CORE, "sysctl_sched_features")).isEqualTo(DataPlacement.PRIVATE_CRITICAL);
        assertThat(place(r, CORE, "task_group_cache")).isEqualTo(DataPlacement.SHARED);
        assertThat(place(r, CORE, "local_counter")).isEqualTo(DataPlacement.PRIVATE);
        assertThat(place(r, CORE, "folded_const")).as("shared but not in vmlinux").isEqualTo(DataPlacement.PRIVATE);
        assertThat(place(r, CPUTIME, "cputime_stuff")).isEqualTo(DataPlacement.SHARED);
        assertThat(DataPlacement.SHARED_CRITICAL.action()).isEqualTo(DataPlacement.Action.REBUILD);
        assertThat(DataPlacement.PRIVATE.action()).isEqualTo(DataPlacement.Action.REINIT);
        assertThat(DataPlacement.SHARED.action()).isEqualTo(DataPlacement.Action.INHERIT);
        assertThat(r.variable(new VarId(CORE, "local_counter")).orElseThrow().warnings())
                .containsExactly("private, but kernel/sched/core.c:wake_up_process uses vmlinux's copy: the two copies "
                        + "diverge while the module is loaded; consider data.extra_public");
        assertThat(r.explain(new VarId(CORE, "sysctl_sched_features"))).containsExactly(
                "kernel/sched/core.c:sysctl_sched_features is private, critical data: rebuild on load (vmlinux symbol sysctl_sched_features)",
                "  because listed in data.force_private (boundary.yaml:9)");
        assertThat(r.problems()).extracting(Problem::subject).contains("per-cpu data");
        assertThat(r.countsByPlacement()).containsEntry(DataPlacement.PRIVATE, 3);
    }

    private static FunctionClass cls(AnalysisResult r, String name) {
        return r.functions().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow().cls();
    }

    private static DataPlacement place(AnalysisResult r, String file, String name) {
        return r.variable(new VarId(file, name)).orElseThrow().placement();
    }
}
