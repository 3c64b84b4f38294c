package org.foosched.views.diff;

import org.foosched.analysis.safety.ChangeSafety;
import org.foosched.views.problems.ProblemItem;
import org.foosched.views.testing.FixtureWorkspace;
import org.foosched.views.testing.OpenedFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DiffViewModelTest {

    @TempDir
    Path tmp;

    OpenedFixture f;
    DiffViewModel vm;

    @BeforeEach
    void open() {
        f = new OpenedFixture(tmp);
        vm = new DiffViewModel(f.ctx);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private void edit(String file, String from, String to) throws Exception {
        Path p = f.mod(file);
        String t = Files.readString(p, StandardCharsets.ISO_8859_1);
        assertThat(t).contains(from);
        Files.writeString(p, t.replace(from, to), StandardCharsets.ISO_8859_1);
    }

    private void refresh() {
        vm.refresh();
        f.ui.pumpUntil(() -> !vm.busyProperty().get() && !vm.summaryProperty().get().isEmpty(), Duration.ofSeconds(20));
    }

    @Test
    void anUntouchedWorkspaceHasNoEdits() {
        refresh();
        assertThat(vm.changedFiles()).isEmpty();
        assertThat(vm.summaryProperty().get()).isEqualTo("no edits: the workspace is as extracted");
        assertThat(vm.unifiedDiff()).isEmpty();
    }

    @Test
    void editsShowSideBySideWithTheChangedFunctionsAndTheSafetyReport() throws Exception {
        edit("core.c", "\tp->prio = 120;\n", "\tp->prio = 110;\n");
        edit("core.c", "void __init sched_init(void)\n{\n", "void __init sched_init(void)\n{\n\tfoosched_boot();\n");
        refresh();
        assertThat(vm.changedFiles()).containsExactly("kernel/sched/mod/core.c");
        assertThat(vm.changedFunctions()).extracting(ChangeSafety.FunctionChange::function)
                .containsExactly("sched_fork", "sched_init");
        assertThat(vm.findings()).singleElement().satisfies(fd -> {
            assertThat(fd.rule()).isEqualTo(ChangeSafety.Rule.INIT_FUNCTION_CHANGED);
            assertThat(fd.message()).startsWith("init function sched_init changed");
        });
        assertThat(vm.summaryProperty().get()).isEqualTo("1 files, 2 functions changed; 1 rule broken");
        assertThat(f.ctx.problems().of(ProblemItem.Source.SAFETY)).singleElement()
                .satisfies(p -> assertThat(p.file()).isEqualTo(f.mod("core.c")));
        f.ui.pumpUntil(() -> !vm.rows().isEmpty(), Duration.ofSeconds(10));
        assertThat(vm.rows()).anySatisfy(r -> {
            assertThat(r.kind()).isEqualTo(LineDiff.Kind.CHANGED);
            assertThat(r.left()).isEqualTo("\tp->prio = 120;");
            assertThat(r.right()).isEqualTo("\tp->prio = 110;");
        });
        assertThat(vm.rows()).anySatisfy(r -> assertThat(r.kind()).isEqualTo(LineDiff.Kind.GAP));
    }

    @Test
    void theExportedDiffAppliesToAFreshCopy() throws Exception {
        edit("fair.c", "static unsigned int sched_nr_migrate = 32;", "static unsigned int sched_nr_migrate = 64;");
        Path patch = tmp.resolve("edits.patch");
        vm.exportDiff(patch);
        assertThat(Files.readString(patch)).contains("--- a/fair.c").contains("+static unsigned int sched_nr_migrate = 64;");

        OpenedFixture other = new OpenedFixture(tmp.resolve("other"));
        try {
            DiffViewModel ovm = new DiffViewModel(other.ctx);
            boolean[] reloaded = {false};
            ovm.onPatched(() -> reloaded[0] = true);
            ovm.applyPatch(patch);
            other.ui.pumpUntil(() -> reloaded[0] && !ovm.busyProperty().get() && !ovm.changedFiles().isEmpty(),
                    Duration.ofSeconds(20));
            assertThat(Files.readString(other.mod("fair.c"))).contains("sched_nr_migrate = 64;");
            assertThat(ovm.changedFunctions()).isEmpty();
            assertThat(ovm.changedFiles()).containsExactly("kernel/sched/mod/fair.c");
        } finally {
            other.close();
        }
    }

    @Test
    void aPatchThatDoesNotApplyIsAProblemAndChangesNothing() throws Exception {
        Path patch = tmp.resolve("bad.patch");
        Files.writeString(patch, "--- a/fair.c\n+++ b/fair.c\n@@ -1,1 +1,1 @@\n-no such line\n+other\n");
        String before = Files.readString(f.mod("fair.c"));
        vm.applyPatch(patch);
        f.ui.pumpUntil(() -> !f.ctx.problems().of(ProblemItem.Source.SAFETY).isEmpty(), Duration.ofSeconds(20));
        assertThat(f.ctx.problems().of(ProblemItem.Source.SAFETY).get(0).message()).contains("does not apply");
        assertThat(Files.readString(f.mod("fair.c"))).isEqualTo(before);
        assertThat(FixtureWorkspace.sourceTree()).exists();
    }
}
