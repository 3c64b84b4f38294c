package org.foosched.analysis.collect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompilerDiagnosticTest {

    @Test
    void parsesErrorsAndWarningsWithOrWithoutColumn() {
        CompilerDiagnostic e = CompilerDiagnostic.parse(
                "/src/linux/kernel/sched/core.c:4040:12: error: 'rq' undeclared (first use in this function)")
                .orElseThrow();
        assertThat(e.file()).isEqualTo("/src/linux/kernel/sched/core.c");
        assertThat(e.line()).isEqualTo(4040);
        assertThat(e.col()).isEqualTo(12);
        assertThat(e.isError()).isTrue();
        assertThat(e.relativeTo("/src/linux").toString())
                .isEqualTo("kernel/sched/core.c:4040:12: error: 'rq' undeclared (first use in this function)");

        CompilerDiagnostic fatal = CompilerDiagnostic.parse(
                "kernel/sched/fair.c:3: fatal error: nope.h: No such file or directory").orElseThrow();
        assertThat(fatal.col()).isZero();
        assertThat(fatal.isError()).isTrue();

        assertThat(CompilerDiagnostic.parse("a.c:1:2: warning: unused variable 'x'").orElseThrow().isError()).isFalse();
        CompilerDiagnostic plugin = CompilerDiagnostic.parse(
                "cc1: error: cannot load plugin /x/foosched_collect.so: file too short").orElseThrow();
        assertThat(plugin.isError()).isTrue();
        assertThat(plugin.toString()).isEqualTo("cc1: error: cannot load plugin /x/foosched_collect.so: file too short");
        assertThat(CompilerDiagnostic.parse("  CC      kernel/sched/core.o")).isEmpty();
        assertThat(CompilerDiagnostic.parse("make[2]: *** [scripts/Makefile.build:250: kernel/sched/core.o] Error 1"))
                .isEmpty();
    }
}
