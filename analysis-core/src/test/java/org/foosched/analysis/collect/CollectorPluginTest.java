package org.foosched.analysis.collect;

import org.foosched.analysis.facts.Body;
import org.foosched.analysis.facts.CallFact;
import org.foosched.analysis.facts.DeclarationFact;
import org.foosched.analysis.facts.FactsFile;
import org.foosched.analysis.facts.FactsReader;
import org.foosched.analysis.facts.FieldFact;
import org.foosched.analysis.facts.FunctionFact;
import org.foosched.analysis.facts.FunctionFlag;
import org.foosched.analysis.facts.Loc;
import org.foosched.analysis.facts.RefFact;
import org.foosched.analysis.facts.SymbolKind;
import org.foosched.analysis.facts.VariableFact;
import org.foosched.analysis.facts.VariableFlag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiles the kernel-shaped fixture with the real plugin and real gcc and checks every kind
 * of fact against the fixture's text.
 */
class CollectorPluginTest {

    private static final String CORE = "kernel/sched/core.c";
    private static final String SCHED_H = "kernel/sched/sched.h";

    @TempDir
    static Path scratch;

    static CollectorFixture fixture;
    static FactsFile core;
    static FactsFile policy;
    static CollectorFixture.GccRun coreRun;

    @BeforeAll
    static void compileFixture() throws IOException {
        fixture = CollectorFixture.copyTo(scratch);
        Path facts = Files.createDirectories(scratch.resolve("facts"));
        coreRun = fixture.compile(CORE, scratch.resolve("core.o"), facts);
        assertThat(coreRun.exitCode()).as(coreRun.stderr()).isZero();
        CollectorFixture.GccRun policyRun = fixture.compile("kernel/sched/build_policy.c",
                scratch.resolve("build_policy.o"), facts);
        assertThat(policyRun.exitCode()).as(policyRun.stderr()).isZero();
        FactsReader reader = new FactsReader();
        core = reader.read(facts.resolve("kernel__sched__core.c.facts.json"));
        policy = reader.read(facts.resolve("kernel__sched__build_policy.c.facts.json"));
    }

    private static FunctionFact function(FactsFile facts, String name) {
        Optional<FunctionFact> f = facts.function(name);
        assertThat(f).as("function " + name + " in " + facts.unit()).isPresent();
        return f.get();
    }

    private static VariableFact variable(FactsFile facts, String name) {
        Optional<VariableFact> v = facts.variable(name);
        assertThat(v).as("variable " + name + " in " + facts.unit()).isPresent();
        return v.get();
    }

    private static List<String> callees(FactsFile facts, String caller) {
        return facts.calls().stream().filter(c -> c.from().equals(caller)).map(CallFact::to).toList();
    }

    private static List<RefFact> refsFrom(FactsFile facts, String from) {
        return facts.refs().stream().filter(r -> r.from().equals(from)).toList();
    }

    @Test
    void headerOfTheFileNamesSchemaUnitAndCompiler() throws IOException {
        assertThat(core.schema()).isEqualTo(FactsFile.SCHEMA);
        assertThat(core.unit()).isEqualTo(CORE);
        assertThat(policy.unit()).isEqualTo("kernel/sched/build_policy.c");
        String gccVersion = org.foosched.analysis.proc.Exec.of("gcc", "-dumpfullversion").output();
        assertThat(core.compiler()).isEqualTo(gccVersion);
    }

    @Test
    void functionNamesAndBracesAreAtTheirExactPositions() {
        for (String[] f : new String[][] {
                {CORE, "void __sched notrace fixture_schedule(void)", "fixture_schedule"},
                {CORE, "static int hrtick(struct hrtimer *timer)", "hrtick"},
                {CORE, "void resched_curr(struct rq *rq)", "resched_curr"},
                {CORE, "void __weak arch_fixture_hook(void)", "arch_fixture_hook"},
                {SCHED_H, "static inline void add_nr_running(", "add_nr_running"},
                {SCHED_H, "static __always_inline int rq_iowait(", "rq_iowait"}}) {
            Loc name = fixture.loc(f[0], f[1], f[2]);
            FunctionFact fact = function(core, f[2]);
            assertThat(fact.loc()).as(f[2]).isEqualTo(name);
            assertThat(fact.expansion()).as(f[2]).isNull();
            assertThat(fact.body()).as(f[2]).isEqualTo(fixture.bodyAfter(name));
            assertThat(fixture.charAt(fact.body().open())).isEqualTo('{');
            assertThat(fixture.charAt(fact.body().close())).isEqualTo('}');
        }
    }

    @Test
    void aFunctionDeclaredInAHeaderIsLocatedAtItsDefinition() {
        // sched.h declares resched_curr; core.c defines it, then EXPORT_SYMBOL redeclares it
        assertThat(function(core, "resched_curr").loc().file()).isEqualTo(CORE);
        assertThat(core.declarations()).extracting(DeclarationFact::name).doesNotContain("resched_curr");
    }

    @Test
    void flagsAndSectionsOfFunctions() {
        assertThat(function(core, "hrtick").flags()).contains(FunctionFlag.STATIC)
                .doesNotContain(FunctionFlag.INLINE, FunctionFlag.INIT, FunctionFlag.WEAK);
        assertThat(function(core, "rq_nr_running").flags()).contains(FunctionFlag.STATIC, FunctionFlag.INLINE)
                .doesNotContain(FunctionFlag.ALWAYS_INLINE);
        assertThat(function(core, "rq_iowait").flags()).contains(FunctionFlag.INLINE, FunctionFlag.ALWAYS_INLINE);
        assertThat(function(core, "sched_tick_helper").flags()).contains(FunctionFlag.NOINLINE);
        assertThat(function(core, "arch_fixture_hook").flags()).contains(FunctionFlag.WEAK)
                .doesNotContain(FunctionFlag.STATIC);
        assertThat(function(core, "fixture_schedule").flags()).contains(FunctionFlag.NOTRACE);
        assertThat(function(core, "fixture_schedule").section()).isEqualTo(".sched.text");
        assertThat(function(core, "hrtick").flags()).doesNotContain(FunctionFlag.NOTRACE);
        assertThat(function(core, "fixture_fire_timer").flags()).contains(FunctionFlag.USED);
        assertThat(function(core, "rq_cpu_hint").flags()).contains(FunctionFlag.EXTERNAL, FunctionFlag.INLINE);

        FunctionFact init = function(core, "sched_init");
        assertThat(init.flags()).contains(FunctionFlag.INIT);
        assertThat(init.section()).isEqualTo(".init.text");
        assertThat(function(core, "sched_exit").flags()).contains(FunctionFlag.INIT, FunctionFlag.STATIC);
        assertThat(function(core, "sched_exit").section()).isEqualTo(".exit.text");
        assertThat(function(core, "resched_curr").section()).isNull();
    }

    @Test
    void printableDeclarationsCarryStorageAndParameterTypes() {
        assertThat(function(core, "hrtick").decl()).isEqualTo("static int hrtick(struct hrtimer *)");
        assertThat(function(core, "fixture_schedule").decl()).isEqualTo("void fixture_schedule(void)");
        assertThat(function(core, "add_nr_running").decl())
                .isEqualTo("static inline void add_nr_running(struct rq *, unsigned int)");
        assertThat(function(policy, "pick_next_task_idle").decl())
                .isEqualTo("static struct task_struct *pick_next_task_idle(struct rq *)");
        assertThat(variable(core, "fixture_classes").decl())
                .isEqualTo("static const struct sched_class * const fixture_classes[2]");
        assertThat(core.localStatic("fixture_fire_timer", "saved_handler").orElseThrow().decl())
                .isEqualTo("static int (*saved_handler)(struct hrtimer *)");
    }

    @Test
    void syscallWrappersAreLocatedAtTheMacroInvocation() {
        Loc invocation = fixture.loc(CORE, "SYSCALL_DEFINE1(sched_yield_fixture", "SYSCALL_DEFINE1");
        for (String name : List.of("__do_sys_sched_yield_fixture", "__se_sys_sched_yield_fixture",
                "__x64_sys_sched_yield_fixture")) {
            FunctionFact f = function(core, name);
            assertThat(f.loc()).as(name).isEqualTo(invocation);
            assertThat(f.expansion()).as(name).isNotNull();
            assertThat(f.expansion().macro()).as(name).isEqualTo("SYSCALL_DEFINE1");
            assertThat(f.expansion().loc()).as(name).isEqualTo(invocation);
        }
        // the body the user wrote after the macro has real braces ...
        Body written = function(core, "__do_sys_sched_yield_fixture").body();
        assertThat(written).isEqualTo(fixture.bodyAfter(invocation));
        assertThat(written.fromMacro()).isFalse();
        // ... the wrappers' bodies come from the macro
        Body generated = function(core, "__se_sys_sched_yield_fixture").body();
        assertThat(generated.fromMacro()).isTrue();
        assertThat(generated.open()).isEqualTo(invocation);
        assertThat(function(core, "__se_sys_sched_yield_fixture").flags()).contains(FunctionFlag.STATIC);
        assertThat(function(core, "__x64_sys_sched_yield_fixture").flags()).doesNotContain(FunctionFlag.STATIC);
    }

    @Test
    void anAliasIsAFunctionWithoutBody() {
        FunctionFact alias = function(core, "fixture_schedule_alias");
        assertThat(alias.aliasOf()).isEqualTo("fixture_schedule");
        assertThat(alias.body()).isNull();
        assertThat(alias.loc()).isEqualTo(fixture.loc(CORE, "void fixture_schedule_alias(void)",
                "fixture_schedule_alias"));
    }

    @Test
    void perCpuVariablesAreDefinedByTheirMacro() {
        VariableFact rq = variable(core, "runqueues");
        Loc invocation = fixture.loc(CORE, "DEFINE_PER_CPU_SHARED_ALIGNED(struct rq, runqueues)",
                "DEFINE_PER_CPU_SHARED_ALIGNED");
        assertThat(rq.loc()).isEqualTo(invocation);
        assertThat(rq.expansion().macro()).isEqualTo("DEFINE_PER_CPU_SHARED_ALIGNED");
        assertThat(rq.expansion().loc()).isEqualTo(invocation);
        assertThat(rq.flags()).contains(VariableFlag.PERCPU).doesNotContain(VariableFlag.STATIC);
        assertThat(rq.section()).isEqualTo(".data..percpu..shared_aligned");
        assertThat(rq.size()).isEqualTo(64L);       // aligned(64) struct rq of the fixture
        assertThat(rq.decl()).isEqualTo("struct rq runqueues");

        // EXPORT_SYMBOL's "extern typeof(x) x;" must not move the definition
        VariableFact counter = variable(core, "fixture_counter");
        assertThat(counter.expansion().macro()).isEqualTo("DEFINE_PER_CPU");
        assertThat(counter.loc()).isEqualTo(fixture.loc(CORE, "DEFINE_PER_CPU(int, fixture_counter)", "DEFINE"));
        assertThat(counter.section()).isEqualTo(".data..percpu");
        assertThat(variable(core, "__kstrtab_fixture_counter").expansion().macro()).isEqualTo("EXPORT_SYMBOL");
    }

    @Test
    void flagsSizesAndPositionsOfPlainVariables() {
        VariableFact tunable = variable(core, "sched_boot_tunable");
        assertThat(tunable.flags()).contains(VariableFlag.STATIC, VariableFlag.INIT, VariableFlag.HAS_INITIALIZER);
        assertThat(tunable.section()).isEqualTo(".init.data");
        assertThat(tunable.size()).isEqualTo(4L);
        assertThat(tunable.loc()).isEqualTo(fixture.loc(CORE, "static int sched_boot_tunable __initdata",
                "sched_boot_tunable"));

        VariableFact ops = variable(core, "fixture_ops");
        assertThat(ops.flags()).contains(VariableFlag.STATIC, VariableFlag.CONST, VariableFlag.HAS_INITIALIZER);
        assertThat(ops.size()).isEqualTo(24L);

        assertThat(variable(core, "sysctl_sched_rt_runtime").flags()).doesNotContain(VariableFlag.STATIC);
        // a tentative definition completed later is located at the initialized definition
        assertThat(variable(core, "fixture_tentative").loc())
                .isEqualTo(fixture.loc(CORE, "int fixture_tentative = 3;", "fixture_tentative"));
        // declared only, never defined here
        assertThat(core.variable("rt_sched_class")).isEmpty();
    }

    @Test
    void functionLocalStaticsAreScopedByTheirFunction() {
        VariableFact calls = core.localStatic("fixture_schedule", "calls_seen").orElseThrow();
        assertThat(calls.flags()).contains(VariableFlag.STATIC, VariableFlag.FUNCTION_LOCAL);
        assertThat(calls.asmName()).startsWith("calls_seen.");
        assertThat(calls.loc()).isEqualTo(fixture.loc(CORE, "static int calls_seen;", "calls_seen"));
        assertThat(core.variable("calls_seen")).as("not a file-scope variable").isEmpty();

        VariableFact once = core.localStatic("fixture_fire_timer", "__already_done").orElseThrow();
        assertThat(once.expansion().macro()).isEqualTo("WARN_ON_ONCE");
        assertThat(once.section()).isEqualTo(".data.once");
    }

    @Test
    void directCallsAsWrittenWithPositions() {
        assertThat(callees(core, "fixture_schedule"))
                .containsExactly("add_nr_running", "wake_up_fixture", "sched_tick_helper");
        assertThat(callees(core, "add_nr_running")).containsExactly("rq_nr_running", "resched_curr");
        assertThat(callees(core, "sched_tick_helper")).containsExactly("rq_iowait", "rq_cpu_hint");
        // a call through a pointer is no call; builtins are no calls
        assertThat(callees(core, "fixture_fire_timer")).isEmpty();
        assertThat(core.calls()).extracting(CallFact::to).noneMatch(to -> to.startsWith("__builtin"));
        // BUILD_BUG_ON's call to an __attribute__((error)) function never reaches an object
        assertThat(core.calls()).extracting(CallFact::to).doesNotContain("__compiletime_assert_1");
        assertThat(core.declarations()).extracting(DeclarationFact::name).doesNotContain("__compiletime_assert_1");

        CallFact wake = core.calls().stream().filter(c -> c.to().equals("wake_up_fixture")).findFirst().orElseThrow();
        assertThat(wake.loc()).isEqualTo(fixture.loc(CORE, "wake_up_fixture(rq->curr);", "wake_up_fixture"));
        // the macro-made call from the wrapper is located at the macro
        CallFact wrapper = core.calls().stream().filter(c -> c.from().equals("__se_sys_sched_yield_fixture"))
                .findFirst().orElseThrow();
        assertThat(wrapper.to()).isEqualTo("__do_sys_sched_yield_fixture");
        assertThat(wrapper.loc().line()).isEqualTo(fixture.loc(CORE, "SYSCALL_DEFINE1(", "S").line());
    }

    @Test
    void callbacksInInitializersAndAssignedInCode() {
        assertThat(refsFrom(core, "fixture_ops")).filteredOn(RefFact::isCallback).extracting(RefFact::to)
                .containsExactly("hrtick", "fixture_schedule");
        RefFact inCode = refsFrom(core, "hrtick_rq_init").stream().filter(RefFact::isCallback)
                .findFirst().orElseThrow();
        assertThat(inCode.to()).isEqualTo("hrtick");
        assertThat(inCode.fromKind()).isEqualTo(SymbolKind.FUNCTION);
        assertThat(inCode.loc()).isEqualTo(fixture.loc(CORE, "rq->hrtick_timer.function = hrtick;", "hrtick;"));

        // a compound literal's contents count for the variable it initializes
        assertThat(refsFrom(core, "fixture_ops_ptr")).filteredOn(RefFact::isCallback).extracting(RefFact::to)
                .containsExactly("fixture_timer_tick");
        assertThat(refsFrom(core, "sched_init")).extracting(RefFact::to).doesNotContain("fixture_timer_tick");

        // a function-local static's initializer
        RefFact saved = refsFrom(core, "saved_handler").get(0);
        assertThat(saved.fromKind()).isEqualTo(SymbolKind.VARIABLE);
        assertThat(saved.fromScope()).isEqualTo("fixture_fire_timer");
        assertThat(saved.to()).isEqualTo("hrtick");
        assertThat(saved.isCallback()).isTrue();

        // sched classes of the aggregate unit
        assertThat(refsFrom(policy, "rt_sched_class")).filteredOn(RefFact::isCallback).extracting(RefFact::to)
                .containsExactlyInAnyOrder("enqueue_task_rt", "dequeue_task_rt");
        assertThat(refsFrom(policy, "init_rt_timer")).filteredOn(RefFact::isCallback).extracting(RefFact::to)
                .containsExactly("sched_rt_period_timer");
    }

    @Test
    void variableUsesFromCodeAndInitializers() {
        RefFact boot = refsFrom(core, "sched_init").stream().filter(r -> r.to().equals("sched_boot_tunable"))
                .findFirst().orElseThrow();
        assertThat(boot.toKind()).isEqualTo(SymbolKind.VARIABLE);
        assertThat(boot.addressTaken()).isFalse();
        RefFact rq = refsFrom(core, "fixture_schedule").stream().filter(r -> r.to().equals("runqueues"))
                .findFirst().orElseThrow();
        assertThat(rq.addressTaken()).isTrue();
        // this_rq() expands to &runqueues: the use is at the macro
        int line = fixture.loc(CORE, "static int calls_seen;", "static").line() + 1;
        assertThat(rq.loc()).isEqualTo(new Loc(CORE, line, fixture.lines(CORE).get(line - 1).indexOf("this_rq") + 1));
        RefFact local = refsFrom(core, "fixture_schedule").stream().filter(r -> r.to().equals("calls_seen"))
                .findFirst().orElseThrow();
        assertThat(local.toScope()).isEqualTo("fixture_schedule");
        assertThat(refsFrom(core, "fixture_ops")).filteredOn(r -> r.toKind() == SymbolKind.VARIABLE)
                .extracting(RefFact::to, RefFact::addressTaken).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("sysctl_sched_rt_runtime", true));
        assertThat(refsFrom(core, "fixture_classes")).extracting(RefFact::to)
                .containsExactly("rt_sched_class", "idle_sched_class");
    }

    @Test
    void structFieldsPerFunction() {
        assertThat(core.fields()).contains(
                new FieldFact("add_nr_running", "rq", "nr_running", 2),
                new FieldFact("rq_nr_running", "cfs_rq", "nr_running", 1),
                new FieldFact("rq_nr_running", "rq", "cfs", 1),
                // typedef struct { int counter; } atomic_t
                new FieldFact("rq_iowait", "atomic_t", "counter", 1),
                // a member of an anonymous union counts for the struct around it
                new FieldFact("fixture_schedule", "rq", "curr", 2),
                new FieldFact("hrtick_rq_init", "hrtimer", "function", 1),
                // static struct { int next_balance; } nohz_fixture
                new FieldFact("sched_init", "typeof(nohz_fixture)", "next_balance", 1));
        assertThat(core.fields()).extracting(FieldFact::struct).doesNotContain("<anonymous>");
    }

    @Test
    void declarationsAreWhatIsUsedButNotDefined() {
        assertThat(core.declarations()).extracting(DeclarationFact::name, DeclarationFact::kind)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("wake_up_fixture", SymbolKind.FUNCTION),
                        org.assertj.core.groups.Tuple.tuple("printk_fixture", SymbolKind.FUNCTION),
                        org.assertj.core.groups.Tuple.tuple("fixture_timer_tick", SymbolKind.FUNCTION),
                        org.assertj.core.groups.Tuple.tuple("rt_sched_class", SymbolKind.VARIABLE),
                        org.assertj.core.groups.Tuple.tuple("idle_sched_class", SymbolKind.VARIABLE));
        DeclarationFact wake = core.declarations().stream().filter(d -> d.name().equals("wake_up_fixture"))
                .findFirst().orElseThrow();
        assertThat(wake.loc()).isEqualTo(fixture.loc(CORE, "extern void wake_up_fixture(", "wake_up_fixture"));
        assertThat(policy.declarations()).extracting(DeclarationFact::name).containsExactly("resched_curr");
    }

    @Test
    void anAggregateUnitHasTheFunctionsOfTheFilesItIncludes() {
        assertThat(function(policy, "enqueue_task_idle").loc().file()).isEqualTo("kernel/sched/idle.c");
        assertThat(function(policy, "enqueue_task_rt").loc().file()).isEqualTo("kernel/sched/rt.c");
        assertThat(function(policy, "add_nr_running").loc().file()).isEqualTo(SCHED_H);
        VariableFact rt = variable(policy, "rt_sched_class");
        assertThat(rt.expansion().macro()).isEqualTo("DEFINE_SCHED_CLASS");
        assertThat(rt.loc()).isEqualTo(fixture.loc("kernel/sched/rt.c", "DEFINE_SCHED_CLASS(rt)", "DEFINE"));
        assertThat(rt.section()).isEqualTo("__rt_sched_class");
        assertThat(rt.flags()).contains(VariableFlag.CONST).doesNotContain(VariableFlag.STATIC);
    }

    @Test
    void thePluginPrintsNothingOnStdout() {
        assertThat(coreRun.stdout()).isEmpty();
    }

    @Test
    void objectsAreIdenticalWithAndWithoutThePlugin() throws IOException {
        for (String unit : List.of(CORE, "kernel/sched/build_policy.c")) {
            Path with = scratch.resolve("with.o");
            Path without = scratch.resolve("without.o");
            Path facts = Files.createDirectories(scratch.resolve("facts-cmp"));
            assertThat(fixture.compile(unit, with, facts).exitCode()).isZero();
            assertThat(fixture.compile(unit, without, null).exitCode()).isZero();
            // -g: the debug info records the command line; the plugin hides its own switches
            assertThat(Files.mismatch(with, without)).as("first differing byte of " + unit).isEqualTo(-1L);
        }
    }

    @Test
    void badPluginArgumentsStopTheCompilerWithAMessage() throws IOException {
        Path obj = scratch.resolve("bad.o");
        CollectorFixture.GccRun unknown = fixture.compile(CORE, obj, scratch,
                "-fplugin-arg-foosched_collect-colour=blue");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.stderr()).contains("unknown argument").contains("colour");

        CollectorFixture.GccRun badTree = fixture.compile(CORE, obj, scratch,
                "-fplugin-arg-foosched_collect-srctree=/nonexistent/tree");
        assertThat(badTree.exitCode()).isNotZero();
        assertThat(badTree.stderr()).contains("srctree").contains("/nonexistent/tree");
    }

    @Test
    void aUnitWithCompileErrorsGetsNoFacts() throws IOException {
        Path broken = fixture.tree.resolve("kernel/sched/broken.c");
        Files.writeString(broken, "#include \"sched.h\"\nint broken(struct rq *rq) { return rq->no_such_field; }\n");
        Path facts = Files.createDirectories(scratch.resolve("facts-broken"));
        CollectorFixture.GccRun run = fixture.compile("kernel/sched/broken.c", scratch.resolve("broken.o"), facts);
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("no_such_field");
        try (var files = Files.list(facts)) {
            assertThat(files.toList()).isEmpty();
        }
    }
}
