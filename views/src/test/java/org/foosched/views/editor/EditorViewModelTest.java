package org.foosched.views.editor;

import org.foosched.analysis.model.FnId;
import org.foosched.analysis.model.VarId;
import org.foosched.analysis.safety.GuardedRegion;
import org.foosched.views.problems.ProblemItem;
import org.foosched.views.testing.OpenedFixture;
import org.foosched.views.workbench.SourceLocation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EditorViewModelTest {

    @TempDir
    Path tmp;

    OpenedFixture f;
    EditorViewModel core;

    @BeforeEach
    void open() {
        f = new OpenedFixture(tmp);
        core = new EditorViewModel(f.ctx, f.mod("core.c"));
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        assertThat(at).as(needle).isNotNegative();
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    @Test
    void findsTheGuardedRegionsOfTheExtractedFile() {
        List<GuardedRegion> g = core.guardedProperty().get();
        assertThat(g).extracting(r -> r.kind() + " " + r.function()).contains("SIGNATURE try_to_wake_up",
                "SIGNATURE __cb_hrtick", "INLINE_EXTERNAL ttwu_stat", "INIT sched_init");
        GuardedRegion init = g.stream().filter(r -> r.function().equals("sched_init")).findFirst().orElseThrow();
        assertThat(init.line()).isEqualTo(lineOf(core.text(), "/* DON'T MODIFY INIT FUNCTION"));
    }

    @Test
    void editingGuardedCodeWarnsInTheProblemsListOnce() {
        String t = core.text();
        int at = t.indexOf("rq->cpu = cpu;");
        String edited = t.substring(0, at) + "x" + t.substring(at);
        core.edited(edited, at, 0, 1);
        core.edited(edited.substring(0, at) + "xx" + edited.substring(at), at, 0, 1);
        assertThat(f.ctx.problems().of(ProblemItem.Source.EDITOR)).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(ProblemItem.Severity.WARNING);
            assertThat(p.message()).startsWith("you edited init function sched_init");
            assertThat(p.file()).isEqualTo(f.mod("core.c"));
        });
        assertThat(core.dirtyProperty().get()).isTrue();
    }

    @Test
    void editingTheBodyOfAnInterfaceDoesNotWarn() {
        String t = core.text();
        int at = t.indexOf("ttwu_do_activate(rq, p, wake_flags);");
        core.edited(t.substring(0, at) + "\n" + t.substring(at), at, 0, 1);
        assertThat(f.ctx.problems().of(ProblemItem.Source.EDITOR)).isEmpty();
    }

    @Test
    void savesExactlyTheBytesAndRefusesFilesOutsideTheWorkspace() throws Exception {
        String t = core.text() + "/* \u00e9 */\n";
        core.edited(t, core.text().length(), 0, 9);
        core.save();
        assertThat(Files.readString(f.mod("core.c"), StandardCharsets.ISO_8859_1)).isEqualTo(t);
        assertThat(core.dirtyProperty().get()).isFalse();
        Path outside = FixtureSourceFile.of(f);
        EditorViewModel ro = new EditorViewModel(f.ctx, outside);
        assertThat(ro.readOnly()).isTrue();
        assertThatThrownBy(ro::save).hasMessageContaining("read-only");
    }

    @Test
    void findWrapsAndHonoursCase() {
        int first = core.find("try_to_wake_up", 0, true, true);
        assertThat(first).isPositive();
        int next = core.find("try_to_wake_up", first + 1, true, true);
        assertThat(next).isGreaterThan(first);
        assertThat(core.find("try_to_wake_up", core.text().length(), true, true)).isEqualTo(first);
        assertThat(core.find("TRY_TO_WAKE_UP", 0, true, true)).isEqualTo(-1);
        assertThat(core.find("TRY_TO_WAKE_UP", 0, true, false)).isEqualTo(first);
        assertThat(core.find("try_to_wake_up", first, false, true)).isEqualTo(core.text().lastIndexOf("try_to_wake_up"));
    }

    @Test
    void goesToDefinitionsInTheExtractedFiles() {
        int call = core.text().indexOf("ttwu_do_activate(rq, p, wake_flags)");
        assertThat(core.wordAt(call + 3)).isEqualTo("ttwu_do_activate");
        SourceLocation loc = core.definitionOf("ttwu_do_activate").orElseThrow();
        assertThat(loc.file()).isEqualTo(f.mod("core.c"));
        assertThat(loc.line()).isEqualTo(lineOf(core.text(), "static noinline void ttwu_do_activate("));
        SourceLocation enq = core.definitionOf("enqueue_task_fair").orElseThrow();
        assertThat(enq.file()).isEqualTo(f.mod("fair.c"));
        assertThat(core.definitionOf("no_such_thing")).isEmpty();
        core.select("__cb_hrtick");
        assertThat(f.ctx.selectionProperty().get()).isEqualTo(new FnId("kernel/sched/core.c", "hrtick"));
    }

    @Test
    void theLocatorFindsRenamedCallbacksDeclarationsAndVariables() throws Exception {
        DefinitionLocator loc = new DefinitionLocator(f.root, Path.of(f.session.info().kernelSource()));
        String text = Files.readString(f.mod("core.c"), StandardCharsets.ISO_8859_1);
        var model = f.session.session().model();
        assertThat(loc.locate(model, new FnId("kernel/sched/core.c", "hrtick")).orElseThrow().line())
                .isEqualTo(lineOf(text, "static int __cb_hrtick("));
        assertThat(loc.locate(model, new FnId("kernel/sched/core.c", "wake_up_process")).orElseThrow().line())
                .as("an outsider's body became a declaration").isEqualTo(lineOf(text, "int wake_up_process(struct task_struct *p);"));
        assertThat(loc.locate(model, new VarId("kernel/sched/core.c", "runqueues")).orElseThrow().line())
                .isEqualTo(lineOf(text, "extern struct rq runqueues[NR_CPUS];"));
        SourceLocation header = loc.locate(model, new FnId("include/linux/sched.h", "task_cpu")).orElseThrow();
        assertThat(header.file()).isEqualTo(Path.of(f.session.info().kernelSource()).resolve("include/linux/sched.h"));
    }

    /** A file of the kernel source the workspace came from, outside the workspace. */
    static final class FixtureSourceFile {
        static Path of(OpenedFixture f) {
            return Path.of(f.session.info().kernelSource()).resolve("include/linux/sched.h");
        }
    }
}
