package org.foosched.analysis.collect;

import org.foosched.analysis.testing.RecordingProgress;
import org.foosched.analysis.facts.Body;
import org.foosched.analysis.facts.FactsFile;
import org.foosched.analysis.facts.FactsReader;
import org.foosched.analysis.facts.FunctionFact;
import org.foosched.analysis.facts.FunctionFlag;
import org.foosched.analysis.facts.Loc;
import org.foosched.analysis.facts.RefFact;
import org.foosched.analysis.facts.VariableFact;
import org.foosched.analysis.facts.VariableFlag;
import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.progress.Progress;
import org.foosched.analysis.testing.TestKit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Collects the four scheduler units of Debian's real 6.1 kernel with the real plugin.
 * Needs the kernel kit ({@code ~/.cache/foosched/kits/6.1.*}); the unpacked source and the
 * prepared build directory are kept in {@code ~/.cache/foosched/collect-test/} so reruns only
 * compile (about 30 s).
 */
@Tag("e2e")
class KernelCollectorE2ETest {

    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "foosched");

    @TempDir
    static Path scratch;

    static Path sourceTree;
    static Path buildDir;
    static Path config;
    static CollectResult result;
    static Map<String, FactsFile> facts = new HashMap<>();
    static Instant collectStarted;

    @BeforeAll
    static void collect() throws Exception {
        Kit kit = TestKit.require();
        String release = kit.release();
        config = kit.config();
        sourceTree = TestKit.source().root();
        buildDir = CACHE.resolve("collect-test").resolve("build-" + release);

        Path plugin = PluginBuilder.withDefaults().build(Progress.NONE);
        collectStarted = Instant.now();
        result = new KernelCollector().collect(new CollectRequest(sourceTree, config, buildDir,
                CollectRequest.SCHED_UNITS_6_1, plugin, scratch.resolve("facts")), new PrintingProgress());
        FactsReader reader = new FactsReader();
        long readStart = System.nanoTime();
        for (UnitFacts unit : result.units()) {
            facts.put(unit.unit(), reader.read(unit.factsFile()));
        }
        System.out.printf("[collect] read 4 facts files in %.1f s%n", (System.nanoTime() - readStart) / 1e9);
        report();
    }


    /** Prints steps and the compile commands; the compiler's chatter is only counted. */
    static final class PrintingProgress implements Progress {
        int lines;

        @Override
        public void step(String what, double fraction) {
            System.out.println("[collect] " + what);
        }

        @Override
        public synchronized void log(String line) {
            lines++;
            if (line.startsWith("$ ") || line.contains(": error:")) {
                System.out.println("[collect] " + line);
            }
        }
    }

    static void report() throws IOException {
        System.out.printf("[collect] build dir %s, prepare %.1f s, compile %.1f s%n",
                result.buildDirReused() ? "reused" : "prepared", seconds(result.prepareTime()),
                seconds(result.compileTime()));
        for (UnitFacts unit : result.units()) {
            FactsFile f = facts.get(unit.unit());
            System.out.printf("[collect] %-28s %5.1f s  functions %5d (with body %5d)  calls %6d  callbacks %5d"
                            + "  variable refs %5d  variables %4d  fields %5d  declarations %4d  %6.1f MB"
                            + "  deps %d+%d%n",
                    unit.unit(), seconds(unit.compileTime()), f.functions().size(),
                    f.functions().stream().filter(fn -> fn.body() != null).count(), f.calls().size(),
                    f.refs().stream().filter(RefFact::isCallback).count(),
                    f.refs().stream().filter(r -> !r.isCallback()).count(), f.variables().size(),
                    f.fields().size(), f.declarations().size(), Files.size(unit.factsFile()) / 1e6,
                    unit.sourceFiles().size(), unit.buildFiles().size());
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static FunctionFact function(String unit, String name) {
        return facts.get(unit).function(name).orElseThrow(() -> new AssertionError(name + " not in " + unit));
    }

    private static String lineOf(Loc loc) throws IOException {
        return Files.readAllLines(sourceTree.resolve(loc.file())).get(loc.line() - 1);
    }

    @Test
    void collectsTheFourSchedulerUnits() {
        assertThat(result.units()).extracting(UnitFacts::unit).containsExactlyElementsOf(CollectRequest.SCHED_UNITS_6_1);
        for (UnitFacts unit : result.units()) {
            FactsFile f = facts.get(unit.unit());
            assertThat(f.unit()).isEqualTo(unit.unit());
            assertThat(f.functions()).as(unit.unit()).hasSizeGreaterThan(3000);
            assertThat(f.calls()).as(unit.unit()).hasSizeGreaterThan(5000);
            assertThat(f.refs().stream().filter(RefFact::isCallback).count()).as(unit.unit()).isGreaterThan(100);
            assertThat(f.variables()).as(unit.unit()).hasSizeGreaterThan(200);
            assertThat(unit.sourceFiles()).contains(unit.unit(), "kernel/sched/sched.h",
                    "kernel/workqueue_internal.h", "include/linux/sched.h");
            assertThat(unit.buildFiles()).anyMatch(p -> p.startsWith("include/generated/"));
        }
    }

    @Test
    void coreDefinesTheSchedulerEntryPoints() throws IOException {
        FunctionFact schedule = function("kernel/sched/core.c", "__schedule");
        assertThat(schedule.flags()).contains(FunctionFlag.STATIC, FunctionFlag.NOTRACE);
        assertThat(schedule.section()).isEqualTo(".sched.text");
        assertThat(schedule.decl()).isEqualTo("static void __schedule(unsigned int)");
        assertThat(lineOf(schedule.loc())).contains("__schedule(unsigned int sched_mode)");
        FunctionFact ttwu = function("kernel/sched/core.c", "try_to_wake_up");
        assertThat(ttwu.flags()).doesNotContain(FunctionFlag.NOTRACE, FunctionFlag.INIT);
        assertThat(function("kernel/sched/core.c", "sched_init").flags()).contains(FunctionFlag.INIT);
        assertThat(facts.get("kernel/sched/core.c").calls())
                .anyMatch(c -> c.from().equals("__schedule") && c.to().equals("pick_next_task"));
    }

    @Test
    void everyBodyWrittenInTheSourceIsBetweenItsBraces() throws IOException {
        int checked = 0;
        for (FactsFile f : facts.values()) {
            for (FunctionFact fn : f.functions()) {
                Body body = fn.body();
                if (body == null || body.fromMacro() || body.open().file().startsWith("/")) {
                    continue;
                }
                assertThat(lineOf(body.open()).charAt(body.open().col() - 1)).as(fn.name() + " " + body.open())
                        .isEqualTo('{');
                assertThat(lineOf(body.close()).charAt(body.close().col() - 1)).as(fn.name() + " " + body.close())
                        .isEqualTo('}');
                if (fn.expansion() == null) {
                    String line = lineOf(fn.loc());
                    assertThat(line.substring(fn.loc().col() - 1)).as(fn.name() + " " + fn.loc())
                            .startsWith(fn.name());
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10000);
    }

    @Test
    void syscallsAreLocatedAtTheirDefineMacro() throws IOException {
        FunctionFact setaffinity = function("kernel/sched/core.c", "__do_sys_sched_setaffinity");
        assertThat(setaffinity.expansion().macro()).isEqualTo("SYSCALL_DEFINE3");
        assertThat(lineOf(setaffinity.loc()).substring(setaffinity.loc().col() - 1))
                .startsWith("SYSCALL_DEFINE3(sched_setaffinity,");
        assertThat(function("kernel/sched/core.c", "__x64_sys_sched_setaffinity").loc()).isEqualTo(setaffinity.loc());
        assertThat(setaffinity.body().fromMacro()).isFalse();
    }

    @Test
    void runqueuesIsAPerCpuVariableOfItsDefineMacro() throws IOException {
        VariableFact rq = facts.get("kernel/sched/core.c").variable("runqueues").orElseThrow();
        assertThat(rq.flags()).contains(VariableFlag.PERCPU);
        assertThat(rq.expansion().macro()).isEqualTo("DEFINE_PER_CPU_SHARED_ALIGNED");
        assertThat(lineOf(rq.loc()).substring(rq.loc().col() - 1))
                .startsWith("DEFINE_PER_CPU_SHARED_ALIGNED(struct rq, runqueues);");
        assertThat(rq.size()).isGreaterThan(1000L);
        assertThat(facts.get("kernel/sched/fair.c").variable("runqueues")).isEmpty();
        assertThat(facts.get("kernel/sched/fair.c").declarations()).anyMatch(d -> d.name().equals("runqueues"));
    }

    @Test
    void schedClassesReferenceTheirCallbacks() {
        VariableFact fair = facts.get("kernel/sched/fair.c").variable("fair_sched_class").orElseThrow();
        assertThat(fair.expansion().macro()).isEqualTo("DEFINE_SCHED_CLASS");
        assertThat(fair.section()).isEqualTo("__fair_sched_class");
        assertThat(facts.get("kernel/sched/fair.c").refs()).filteredOn(r -> r.from().equals("fair_sched_class"))
                .filteredOn(RefFact::isCallback).extracting(RefFact::to)
                .contains("enqueue_task_fair", "dequeue_task_fair", "__pick_next_task_fair",
                        "task_tick_fair");
        FactsFile policy = facts.get("kernel/sched/build_policy.c");
        assertThat(policy.refs()).anyMatch(r -> r.from().equals("rt_sched_class") && r.to().equals("enqueue_task_rt")
                && r.isCallback());
        assertThat(policy.refs()).anyMatch(r -> r.from().equals("init_rt_bandwidth")
                && r.to().equals("sched_rt_period_timer") && r.isCallback());
    }

    @Test
    void aggregateUnitsHoldTheFilesTheyInclude() {
        FactsFile policy = facts.get("kernel/sched/build_policy.c");
        assertThat(function("kernel/sched/build_policy.c", "enqueue_task_rt").loc().file())
                .isEqualTo("kernel/sched/rt.c");
        assertThat(function("kernel/sched/build_policy.c", "enqueue_task_dl").loc().file())
                .isEqualTo("kernel/sched/deadline.c");
        assertThat(policy.functions()).extracting(f -> f.loc().file())
                .contains("kernel/sched/idle.c", "kernel/sched/cputime.c", "kernel/sched/pelt.c");
        assertThat(result.unit("kernel/sched/build_policy.c").orElseThrow().sourceFiles())
                .contains("kernel/sched/rt.c", "kernel/sched/deadline.c", "kernel/sched/idle.c");
        assertThat(function("kernel/sched/build_utility.c", "sched_clock_cpu").loc().file())
                .isEqualTo("kernel/sched/clock.c");
        assertThat(function("kernel/sched/build_utility.c", "complete").loc().file())
                .isEqualTo("kernel/sched/completion.c");
    }

    @Test
    void theSourceTreeIsNotWritten() throws IOException {
        FileTime since = FileTime.from(collectStarted.minusSeconds(1));
        try (Stream<Path> all = Files.walk(sourceTree)) {
            List<Path> touched = all.filter(p -> {
                try {
                    return Files.getLastModifiedTime(p).compareTo(since) > 0;
                } catch (IOException e) {
                    return true;
                }
            }).limit(10).toList();
            assertThat(touched).isEmpty();
        }
    }

    @Test
    void aSecondCollectionReusesTheBuildDirectoryAndObjectsMatchAPluginFreeBuild() throws Exception {
        Path plugin = PluginBuilder.withDefaults().build(Progress.NONE);
        CollectResult again = new KernelCollector().collect(new CollectRequest(sourceTree, config, buildDir,
                List.of("kernel/sched/fair.c"), plugin, scratch.resolve("facts2")), new PrintingProgress());
        assertThat(again.buildDirReused()).isTrue();
        assertThat(again.prepareTime()).isEqualTo(Duration.ZERO);
        assertThat(Files.mismatch(again.units().get(0).factsFile(),
                result.unit("kernel/sched/fair.c").orElseThrow().factsFile())).as("same facts").isEqualTo(-1L);

        // the object compiled with the plugin equals one compiled without it
        Path object = buildDir.resolve("kernel/sched/fair.o");
        Path withPlugin = scratch.resolve("fair.with-plugin.o");
        Files.copy(object, withPlugin);
        Files.delete(object);
        Process make = new ProcessBuilder("make", "-C", sourceTree.toString(), "O=" + buildDir, "-j2",
                "kernel/sched/fair.o").redirectErrorStream(true).redirectOutput(scratch.resolve("make.log").toFile())
                .start();
        assertThat(make.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(make.exitValue()).as(Files.readString(scratch.resolve("make.log"))).isZero();
        assertThat(Files.mismatch(object, withPlugin)).as("first differing byte of fair.o").isEqualTo(-1L);
        System.out.printf("[collect] kernel/sched/fair.o: %d bytes, identical with and without the plugin%n",
                Files.size(object));
    }

    @Test
    void cancellingStopsTheCompilerAndPublishesNothing() throws IOException {
        Path plugin = PluginBuilder.withDefaults().build(Progress.NONE);
        Path factsDir = scratch.resolve("facts-cancelled");
        RecordingProgress progress = new RecordingProgress() {
            @Override
            public void step(String what, double fraction) {
                if (what.startsWith("Compiling")) {
                    cancel.set(true);
                }
            }
        };
        long start = System.nanoTime();
        assertThatThrownBy(() -> new KernelCollector().collect(new CollectRequest(sourceTree, config, buildDir,
                CollectRequest.SCHED_UNITS_6_1, plugin, factsDir), progress))
                .isInstanceOf(Progress.CancelledException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(factsDir).doesNotExist();
        try (Stream<ProcessHandle> children = ProcessHandle.current().descendants()) {
            assertThat(children.map(h -> h.info().command().orElse("?"))).noneMatch(c -> c.endsWith("cc1"));
        }
    }

    @Test
    void aCompilerFailureIsReportedAndPublishesNothing() throws IOException {
        Path notAPlugin = Files.writeString(scratch.resolve("broken_plugin.so"), "not an ELF file");
        Path factsDir = scratch.resolve("facts-failed");
        assertThatThrownBy(() -> new KernelCollector().collect(new CollectRequest(sourceTree, config, buildDir,
                List.of("kernel/sched/core.c"), notAPlugin, factsDir), new PrintingProgress()))
                .isInstanceOf(CollectException.class).hasMessageContaining("failed")
                .hasMessageContaining("cannot load plugin").hasMessageContaining("broken_plugin.so");
        assertThat(factsDir).doesNotExist();
    }
}
