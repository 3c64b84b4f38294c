package org.foosched.analysis.extract;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.Analyzer;
import org.foosched.analysis.config.BoundaryConfigLoader;
import org.foosched.analysis.model.CodeModel;
import org.foosched.analysis.model.FnDef;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.model.Pos;
import org.foosched.analysis.model.Use;
import org.foosched.analysis.model.VarDef;
import org.foosched.analysis.model.VarId;
import org.foosched.analysis.testing.FakeVmlinux;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Golden test: a small kernel-shaped file, extracted, compared with the expected text. */
class ExtractorTest {

    static final String CORE = "kernel/sched/core.c";
    static final Path FIXTURE = Path.of("src/test/resources/extract-fixture");

    private final String text = read(FIXTURE.resolve("src").resolve(CORE));

    private Pos at(String needle) {
        int off = text.indexOf(needle);
        assertThat(off).as(needle).isNotNegative();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < off; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Pos(line, off - lineStart + 1);
    }

    private FnDef fn(String name, boolean isStatic, boolean init, String nameNeedle, String openNeedle, String closeNeedle) {
        Pos n = at(nameNeedle);
        return new FnDef(new FnId(CORE, name), Set.of(CORE), n.line(), isStatic, false, init, false, false, null,
                "", n, at(openNeedle), at(closeNeedle));
    }

    private VarDef var(String name, boolean isStatic, boolean percpu, String macro, String needle) {
        Pos p = at(needle);
        return new VarDef(new VarId(CORE, name), Set.of(CORE), p.line(), isStatic, percpu, false, false, 8, macro, "", p,
                true);
    }

    AnalysisResult analysis() {
        CodeModel model = CodeModel.builder()
                .function(CORE, fn("scheduler_tick", false, false, "scheduler_tick(void)", "{\n\tint cpu", "}\n\nstatic void tick"))
                .function(CORE, fn("tick_helper", true, false, "tick_helper(int", "{\n\t/* {", "}\n\nstatic inline"))
                .function(CORE, fn("outsider_helper", true, false, "outsider_helper(int cpu)\n", "{\n\treturn", "}\n\nstatic void __init"))
                .function(CORE, fn("sched_init_thing", true, true, "sched_init_thing(void)", "{\n}", "}\n\nDEFINE_SCHED"))
                .variable(CORE, var("runqueues", false, true, "DEFINE_PER_CPU_SHARED_ALIGNED", "DEFINE_PER_CPU_SHARED_ALIGNED"))
                .variable(CORE, var("private_counter", true, true, "DEFINE_PER_CPU", "DEFINE_PER_CPU(int"))
                .variable(CORE, var("shared_static", true, false, null, "shared_static"))
                .variable(CORE, var("sysctl_sched_features", false, false, null, "sysctl_sched_features"))
                .variable(CORE, var("fair_sched_class", false, false, "DEFINE_SCHED_CLASS", "DEFINE_SCHED_CLASS"))
                .use(CORE, "scheduler_tick", "tick_helper", Use.Kind.CALL, 20)
                .use(CORE, "fair_sched_class", "tick_helper", Use.Kind.ADDRESS, 38)
                .use(CORE, "tick_helper", "outsider_helper", Use.Kind.CALL, 26)
                .build();
        FakeVmlinux vm = new FakeVmlinux().has(new FnId(CORE, "scheduler_tick"), new FnId(CORE, "tick_helper"),
                        new FnId(CORE, "outsider_helper"), new FnId(CORE, "sched_init_thing"),
                        new VarId(CORE, "runqueues"), new VarId(CORE, "private_counter"),
                        new VarId(CORE, "sysctl_sched_features"), new VarId(CORE, "fair_sched_class"))
                .hasAt(new VarId(CORE, "shared_static"), 2)
                .calledFromOutside(new FnId(CORE, "outsider_helper"), "somewhere_else", ".text", true);
        var config = new BoundaryConfigLoader().parse(Path.of("boundary.yaml"), """
                units: [kernel/sched/core.c]
                mod_files: [kernel/sched/core.c]
                function:
                  interface: [scheduler_tick]
                data:
                  extra_public: [shared_static]
                  force_private: [sysctl_sched_features]
                  critical: [runqueues, fair_sched_class]
                """);
        AnalysisResult r = new Analyzer().analyze(config, model, vm);
        assertThat(r.errors()).isEmpty();
        return r;
    }

    @Test
    void extractsAsTheGoldenFileSays() {
        Extractor.Output out = new Extractor().extract(new Extractor.Input(FIXTURE.resolve("src"), List.of(CORE), analysis()));
        assertThat(out.files()).containsOnlyKeys("kernel/sched/mod/core.c");
        assertThat(out.files().get("kernel/sched/mod/core.c"))
                .isEqualTo(read(FIXTURE.resolve("expected/kernel/sched/mod/core.c")));
    }

    @Test
    void localHeadersKeepTheirPathAndSchedFilesGoToMod() {
        assertThat(Extractor.targetPath("kernel/sched/sched.h")).isEqualTo("kernel/sched/mod/sched.h");
        assertThat(Extractor.targetPath("kernel/workqueue_internal.h")).isEqualTo("kernel/workqueue_internal.h");
        assertThat(Extractor.targetPath("io_uring/io-wq.h")).isEqualTo("io_uring/io-wq.h");
    }

    @Test
    void stalePositionsAreRefusedWithTheFunctionNamed(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("kernel/sched"));
        Files.writeString(src.resolve(CORE), "// shifted by one line\n" + text);
        assertThatThrownBy(() -> new Extractor().extract(new Extractor.Input(src, List.of(CORE), analysis())))
                .isInstanceOf(ExtractionException.class)
                .hasMessageContaining("kernel/sched/core.c:")
                .hasMessageContaining("outsider_helper")
                .hasMessageContaining("was the source changed after collecting?");
    }

    @Test
    void unknownDefiningMacrosOfSharedVariablesAreNamed() {
        CSource src = new CSource("static DEFINE_FANCY_THING(foo, 3);\n");
        assertThatThrownBy(() -> DeclarationWriter.declaration(src, 0, 33, 7, "DEFINE_FANCY_THING", "core.c:1: foo"))
                .hasMessageContaining("core.c:1: foo: the shared variable is defined by the macro DEFINE_FANCY_THING()");
    }

    @Test
    void plainDefinitionsLoseStaticAndInitializer() {
        String t = "static struct cpumask *masks[NR] __read_mostly = { [0] = NULL, };\n";
        CSource src = new CSource(t);
        assertThat(DeclarationWriter.declaration(src, 0, t.indexOf(';'), 22, null, "x"))
                .isEqualTo("extern struct cpumask *masks[NR] __read_mostly");
    }

    @Test
    void aStructBodyBelongsToTheVariableItDefines() {
        String t = "int before;\nstatic struct {\n\tint a; /* } */\n} nohz ____cacheline_aligned;\n";
        CSource src = new CSource(t);
        int at = t.indexOf("nohz");
        int start = src.declarationStart(at);
        assertThat(start).isEqualTo(t.indexOf("static"));
        assertThat(DeclarationWriter.declaration(src, start, src.statementEnd(at), at, null, "x"))
                .isEqualTo("extern struct { int a; } nohz ____cacheline_aligned");
        String f = "void f(void)\n{\n}\n\nstatic int g(void)\n";
        assertThat(new CSource(f).declarationStart(f.indexOf("g(void)"))).isEqualTo(f.indexOf("static"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
