package org.foosched.views.build;

import org.foosched.views.problems.ProblemItem;
import org.foosched.views.testing.OpenedFixture;
import org.foosched.views.workbench.SourceLocation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Builds the fixture's module with the fixture's kbuild stand-in (the host gcc compiles it). */
class BuildViewModelTest {

    @TempDir
    Path tmp;

    OpenedFixture f;
    BuildViewModel vm;

    @BeforeEach
    void open() {
        f = new OpenedFixture(tmp);
        vm = new BuildViewModel(f.ctx);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private void build() {
        vm.compileCheck();
        assertThat(vm.runningProperty().get()).isTrue();
        f.ui.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(60));
    }

    @Test
    void aCleanTreeBuildsWithProgressAndConsole() throws Exception {
        build();
        assertThat(vm.resultProperty().get()).startsWith("compiles (scheduler.ko) in");
        assertThat(vm.console()).anySatisfy(l -> assertThat(l).contains("CC [M]").endsWith("core.o"));
        assertThat(vm.progress().fractionProperty().get()).isEqualTo(1.0);
        // the compiler's warnings (a renamed callback's vmlinux alias is declared, never defined) are listed
        assertThat(f.ctx.problems().of(ProblemItem.Source.BUILD))
                .allSatisfy(p -> assertThat(p.severity()).isEqualTo(ProblemItem.Severity.WARNING));
        try (var files = Files.list(f.mod(""))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("the check leaves no build products in the workspace").noneMatch(n -> n.endsWith(".o") || n.endsWith(".ko")
                            || n.endsWith(".cmd"));
        }
    }

    @Test
    void compilerErrorsBecomeProblemsThatOpenTheirLine() throws Exception {
        Path fair = f.mod("fair.c");
        String t = Files.readString(fair);
        String bad = t.replace("\trq->cfs.nr_running--;", "\trq->cfs.nr_runing--;");
        Files.writeString(fair, bad);
        int line = (int) bad.substring(0, bad.indexOf("nr_runing")).chars().filter(c -> c == '\n').count() + 1;
        build();
        assertThat(vm.resultProperty().get()).startsWith("does not compile: 1 errors");
        List<ProblemItem> errors = f.ctx.problems().of(ProblemItem.Source.BUILD);
        assertThat(errors).filteredOn(p -> p.severity() == ProblemItem.Severity.ERROR).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(fair);
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains("nr_runing");
        });
        List<SourceLocation> opened = new ArrayList<>();
        f.ctx.openerProperty().set(opened::add);
        vm.open(errors.get(0));
        assertThat(opened).containsExactly(SourceLocation.of(fair, line));
    }

    @Test
    void diagnosticsOfTheBuildTreePointBackIntoTheWorkspace() throws Exception {
        Path ws = tmp.resolve("w");
        Path tree = ws.resolve("working/build");
        Files.createDirectories(ws.resolve("kernel/sched/mod"));
        Files.writeString(ws.resolve("kernel/sched/mod/core.c"), "x");
        var d = new org.foosched.analysis.build.CompilerDiagnostics.Diagnostic(
                tree.resolve("kernel/sched/mod/core.c").toString(), 12, 3, "error", "boom");
        ProblemItem p = BuildViewModel.item(d, ws, tree, tmp.resolve("headers"));
        assertThat(p.file()).isEqualTo(ws.resolve("kernel/sched/mod/core.c"));
        assertThat(p.line()).isEqualTo(12);
        assertThat(p.severity()).isEqualTo(ProblemItem.Severity.ERROR);
        var generated = new org.foosched.analysis.build.CompilerDiagnostics.Diagnostic(
                tree.resolve("kernel/sched/mod/foosched-runtime/load.c").toString(), 5, 1, "warning", "w");
        assertThat(BuildViewModel.item(generated, ws, tree, tmp).file())
                .as("a generated file stays where it is").isEqualTo(tree.resolve("kernel/sched/mod/foosched-runtime/load.c"));
        var modpost = new org.foosched.analysis.build.CompilerDiagnostics.Diagnostic(null, 0, 0, "ERROR", "undefined!");
        assertThat(BuildViewModel.item(modpost, ws, tree, tmp).message()).isEqualTo("modpost: undefined!");
    }
}
