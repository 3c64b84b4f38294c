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
        vm.build();
        assertThat(vm.runningProperty().get()).isTrue();
        f.ui.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(60));
    }

    @Test
    void aCleanTreeBuildsWithProgressAndConsole() {
        build();
        assertThat(vm.resultProperty().get()).startsWith("built scheduler.ko in");
        assertThat(vm.console()).anySatisfy(l -> assertThat(l).contains("CC [M]").endsWith("core.o"));
        assertThat(vm.progress().fractionProperty().get()).isEqualTo(1.0);
        // the compiler's warnings (a renamed callback's vmlinux alias is declared, never defined) are listed
        assertThat(f.ctx.problems().of(ProblemItem.Source.BUILD))
                .allSatisfy(p -> assertThat(p.severity()).isEqualTo(ProblemItem.Severity.WARNING));
        assertThat(f.mod("scheduler.ko")).exists();
    }

    @Test
    void compilerErrorsBecomeProblemsThatOpenTheirLine() throws Exception {
        Path fair = f.mod("fair.c");
        String t = Files.readString(fair);
        String bad = t.replace("\trq->cfs.nr_running--;", "\trq->cfs.nr_runing--;");
        Files.writeString(fair, bad);
        int line = (int) bad.substring(0, bad.indexOf("nr_runing")).chars().filter(c -> c == '\n').count() + 1;
        build();
        assertThat(vm.resultProperty().get()).startsWith("failed after").contains("1 errors");
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
}
