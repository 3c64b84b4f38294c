package org.foosched.analysis.pipeline;

import org.foosched.analysis.progress.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Export with {@link WorkspaceDiff}, apply with {@link WorkspacePatch}: real diff and patch. */
class WorkspacePatchTest {

    @TempDir
    Path tmp;

    private static final String CORE = "int a(void)\n{\n\treturn 1;\n}\n\nint b(void)\n{\n\treturn 2;\n}\n";
    private static final String FEATURES = "SCHED_FEAT(GENTLE_FAIR_SLEEPERS, true)\n";

    private Path tree(String name) throws Exception {
        Path d = Files.createDirectories(tmp.resolve(name));
        Files.writeString(d.resolve("core.c"), CORE);
        Files.writeString(d.resolve("features.h"), FEATURES);
        return d;
    }

    @Test
    void anExportedDiffAppliesToAnotherCopyOfThePristineTree() throws Exception {
        Path pristine = tree("pristine");
        Path edited = tree("edited");
        Files.writeString(edited.resolve("core.c"), CORE.replace("return 2;", "return 3;"));
        Files.writeString(edited.resolve("features.h"), "SCHED_FEAT(FOOSCHED_TEST, false)\n\n" + FEATURES);
        Files.writeString(edited.resolve("new.h"), "#define X 1\n");
        String diff = WorkspaceDiff.unified(pristine, edited);
        assertThat(diff).contains("--- a/core.c").contains("+++ b/core.c");

        Path target = tree("target");
        WorkspacePatch.Result r = WorkspacePatch.apply(target, diff, Progress.NONE);

        assertThat(r.stripLevel()).isEqualTo(1);
        assertThat(r.files()).containsExactlyInAnyOrder("core.c", "features.h", "new.h");
        assertThat(Files.readString(target.resolve("core.c"))).isEqualTo(Files.readString(edited.resolve("core.c")));
        assertThat(Files.readString(target.resolve("features.h"))).startsWith("SCHED_FEAT(FOOSCHED_TEST, false)");
        assertThat(Files.readString(target.resolve("new.h"))).isEqualTo("#define X 1\n");
        assertThat(WorkspaceDiff.unified(edited, target)).isEmpty();
    }

    @Test
    void theSeedsDeepPrefixIsFound() throws Exception {
        Path target = tree("target");
        String diff = """
                diff --git a/scheduler/kernel/sched/mod/features.h b/scheduler/kernel/sched/mod/features.h
                --- a/scheduler/kernel/sched/mod/features.h
                +++ b/scheduler/kernel/sched/mod/features.h
                @@ -1 +1,3 @@
                +SCHED_FEAT(FOOSCHED_TEST, false)
                +
                 SCHED_FEAT(GENTLE_FAIR_SLEEPERS, true)
                """;
        WorkspacePatch.Result r = WorkspacePatch.apply(target, diff, Progress.NONE);
        assertThat(r.stripLevel()).isEqualTo(5);
        assertThat(Files.readString(target.resolve("features.h"))).startsWith("SCHED_FEAT(FOOSCHED_TEST, false)\n\n");
    }

    @Test
    void aPatchThatDoesNotApplyChangesNothing() throws Exception {
        Path target = tree("target");
        String diff = """
                --- a/core.c
                +++ b/core.c
                @@ -1,4 +1,4 @@
                 int a(void)
                 {
                -\treturn 1;
                +\treturn 10;
                 }
                --- a/features.h
                +++ b/features.h
                @@ -1 +1 @@
                -SCHED_FEAT(NOT_THERE, true)
                +SCHED_FEAT(NOT_THERE, false)
                """;
        assertThatThrownBy(() -> WorkspacePatch.apply(target, diff, Progress.NONE))
                .isInstanceOf(WorkspacePatch.PatchException.class)
                .hasMessageContaining("does not apply").hasMessageContaining("nothing was changed");
        assertThat(Files.readString(target.resolve("core.c"))).isEqualTo(CORE);
        try (var s = Files.list(target)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("core.c", "features.h");
        }
    }

    @Test
    void textThatIsNoDiffOrNotOfThisTreeIsRefused() throws Exception {
        Path target = tree("target");
        assertThatThrownBy(() -> WorkspacePatch.apply(target, "hello\n", Progress.NONE))
                .hasMessageContaining("not a unified diff");
        assertThatThrownBy(() -> WorkspacePatch.apply(target, "--- a/x/mm.c\n+++ b/x/mm.c\n@@ -1 +1 @@\n-a\n+b\n",
                Progress.NONE)).hasMessageContaining("x/mm.c").hasMessageContaining("not in");
    }
}
