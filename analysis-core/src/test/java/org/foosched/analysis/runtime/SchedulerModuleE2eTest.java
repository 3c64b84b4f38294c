package org.foosched.analysis.runtime;

import org.foosched.analysis.build.BuildPipeline;
import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.kit.KitLocator;
import org.foosched.analysis.pipeline.InitPipeline;
import org.foosched.analysis.progress.Progress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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

    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "foosched");

    @Test
    void extractedSchedulerLoadsRunsAndUnloadsOnTheRealKernel() throws Exception {
        Path work = Path.of(System.getProperty("foosched.home", ".."), "analysis-core", "target", "sched-e2e");
        deleteTree(work);
        Files.createDirectories(work);
        Path kitDir = newestKit();
        String release = kitDir.getFileName().toString();
        Kit kit = KitLocator.standard().find(release)
                .orElseGet(() -> fail("the kit of " + release + " in " + kitDir + " is not usable"));
        Path source = unpackedSource(kitDir, CACHE.resolve("collect-test").resolve("src-" + release));

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
                "--deb", plain.packages().get(0).toString(), "--kit", kitDir.toString(),
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

    /** The newest Debian 6.1 kit with its source tarball. */
    static Path newestKit() throws IOException {
        Path kits = CACHE.resolve("kits");
        if (Files.isDirectory(kits)) {
            try (Stream<Path> dirs = Files.list(kits)) {
                List<Path> found = dirs.filter(d -> d.getFileName().toString().matches("6\\.1\\.0-\\d+-amd64"))
                        .filter(d -> Files.isRegularFile(d.resolve("root/usr/src/linux-source-6.1.tar.xz")))
                        .sorted((a, b) -> Integer.compare(abi(b), abi(a))).toList();
                if (!found.isEmpty()) {
                    return found.get(0);
                }
            }
        }
        return fail("no Debian 6.1 kernel kit with its source in " + kits + ": prepare the kit first");
    }

    private static int abi(Path kit) {
        return Integer.parseInt(kit.getFileName().toString().split("-")[1]);
    }

    /** The kit's source tarball, unpacked once (shared with the collector's e2e test). */
    static Path unpackedSource(Path kit, Path dir) throws Exception {
        Path tree = dir.resolve("linux-source-6.1");
        if (Files.isDirectory(tree)) {
            return tree;
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempDirectory(dir, ".unpack-");
        Process tar = new ProcessBuilder("tar", "-xf", kit.resolve("root/usr/src/linux-source-6.1.tar.xz").toString(),
                "-C", tmp.toString()).inheritIO().start();
        assertThat(tar.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(tar.exitValue()).as("tar exit code").isZero();
        Files.move(tmp.resolve("linux-source-6.1"), tree);
        Files.delete(tmp);
        return tree;
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
