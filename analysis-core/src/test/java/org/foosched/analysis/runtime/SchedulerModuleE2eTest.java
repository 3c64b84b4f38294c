package org.foosched.analysis.runtime;

import org.foosched.analysis.build.BuildPipeline;
import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.pipeline.InitPipeline;
import org.foosched.analysis.kit.KitStore;
import org.foosched.analysis.progress.Progress;
import org.foosched.analysis.testing.TestKit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real scheduler module on Debian's real kernel, end to end through the Java API: extract
 * the scheduler of the newest 6.1 kit ({@link InitPipeline}), build it ({@link BuildPipeline}:
 * springboard layout measured and checked, glue, module, DEB), apply the seed's Quick Start edit
 * to a copy and build that too, then boot the kit's kernel under QEMU (TCG, 2 vCPUs) and run
 * {@code tests/guest/sched.sh} through {@code tests/run-sched-e2e.sh}: load under a CPU and
 * context-switch load with 500 sleeping threads, the seed's metric lines, files served by the
 * module, an RT task and a cpu.max quota across switches, 20 load/unload cycles with user thread
 * counts compared, the Quick Start ({@code NO_FOOSCHED_TEST} listed, switched on, the new
 * {@code __schedule} prints, gone after unload), the package's installer, and a kernel log free
 * of oopses, RCU stalls and hung tasks. Every check the guest suite defines must pass.
 */
@Tag("e2e")
class SchedulerModuleE2eTest {


    @Test
    void extractedSchedulerLoadsRunsAndUnloadsOnTheRealKernel() throws Exception {
        Path work = Path.of(System.getProperty("foosched.home", ".."), "analysis-core", "target", "sched-e2e");
        deleteTree(work);
        Files.createDirectories(work);
        Kit kit = TestKit.require();
        String release = kit.release();
        Path source = TestKit.source().root();

        Path ws = work.resolve("scheduler");
        new InitPipeline().run(new InitPipeline.Request(kit, source, ws, null, false, false), Progress.NONE);
        BuildPipeline.Outcome plain = new BuildPipeline().run(
                new BuildPipeline.Request(ws, "1.0.0", Set.of("deb"), null, null), Progress.NONE);
        assertThat(plain.packages()).as("the DEB").hasSize(1);
        assertThat(Files.readString(plain.module().resolveSibling("foosched-sched/foosched_sched_layout.h")))
                .as("layout measured in the -dbg vmlinux").contains("#define FOOSCHED_SB_SWITCH_OFF 0x");

        Path qs = work.resolve("scheduler-quickstart");
        copyTree(ws, qs);
        quickStartEdit(qs.resolve("kernel/sched/mod"));
        BuildPipeline.Outcome edited = new BuildPipeline().run(
                new BuildPipeline.Request(qs, "1.0.1", Set.of(), null, null), Progress.NONE);

        ScriptRunner.Result r = ScriptRunner.run(Duration.ofMinutes(12), work.resolve("run-sched-e2e.log"), "bash",
                ScriptRunner.runtimeDir().resolve("tests/run-sched-e2e.sh").toString(),
                "--ko", plain.module().toString(), "--list", plain.resolveList().toString(),
                "--qs-ko", edited.module().toString(), "--qs-list", edited.resolveList().toString(),
                "--deb", plain.packages().get(0).toString(), "--kit", KitStore.standard().dirOf(release).toString(),
                "--work", work.resolve("guest").toString(), "--only", "suite");

        assertThat(r.linesStartingWith("FSTEST FAIL")).as("failed checks; log: %s", work.resolve("run-sched-e2e.log"))
                .isEmpty();
        assertThat(r.linesStartingWith("FSTEST PASS")).as(r.output()).hasSizeGreaterThan(50)
                .contains("FSTEST PASS quickstart.new_scheduler_speaks", "FSTEST PASS cycles.all_done",
                        "FSTEST PASS final.kernel_log_clean");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    /** The seed's Quick Start: a new sched feature, and __schedule printing once when it is on. */
    static void quickStartEdit(Path mod) throws IOException {
        Path core = mod.resolve("core.c");
        String text = Files.readString(core, StandardCharsets.ISO_8859_1);
        String anchor = "static void __sched notrace __schedule(unsigned int sched_mode)\n{\n";
        int at = text.indexOf(anchor);
        assertThat(at).as("__schedule in core.c").isNotNegative();
        int body = text.indexOf("\tint cpu;\n\n", at);
        assertThat(body).as("__schedule's declarations").isGreaterThan(at);
        int insert = body + "\tint cpu;\n\n".length();
        Files.writeString(core, text.substring(0, insert) + "\tif (sched_feat(FOOSCHED_TEST))\n"
                + "\t\tprintk_once(\"I am the new scheduler: __schedule\\n\");\n\n" + text.substring(insert),
                StandardCharsets.ISO_8859_1);
        Path features = mod.resolve("features.h");
        String f = Files.readString(features, StandardCharsets.ISO_8859_1);
        int line = f.indexOf('\n') + 1;
        Files.writeString(features, f.substring(0, line) + "SCHED_FEAT(FOOSCHED_TEST, false)\n\n" + f.substring(line),
                StandardCharsets.ISO_8859_1);
    }


    private static void copyTree(Path from, Path to) throws Exception {
        Process cp = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start();
        assertThat(cp.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(cp.exitValue()).as("cp -a exit code").isZero();
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            Process rm = new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start();
            assertThat(rm.waitFor(5, TimeUnit.MINUTES)).isTrue();
        }
    }
}
