package org.foosched.analysis.extract;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Forward declarations of a shared variable that C would take as definitions of the module's own. */
class ExternTentativesTest {

    private static String apply(String text, String name, String definitionNeedle) {
        CSource src = new CSource(text);
        int defStart = text.indexOf(definitionNeedle);
        Edit def = new Edit(defStart, defStart + definitionNeedle.length(), definitionNeedle, "definition");
        List<Edit> edits = new ArrayList<>(Extractor.externTentatives(src, name, def, "fair.c"));
        return Edit.apply(text, edits, "fair.c");
    }

    @Test
    void forwardDeclarationOfASharedGlobalBecomesExtern() {
        String text = """
                const struct sched_class fair_sched_class;
                static int other;
                /* const struct sched_class fair_sched_class; in a comment */
                extern const struct sched_class fair_sched_class;
                int f(void) { return &fair_sched_class != 0; }
                extern const struct sched_class fair_sched_class; /* FOOSCHED SHARED */
                """;

        String out = apply(text, "fair_sched_class", "extern const struct sched_class fair_sched_class; /* FOOSCHED SHARED */");

        assertThat(out).startsWith("extern const struct sched_class fair_sched_class;\nstatic int other;\n")
                .contains("/* const struct sched_class fair_sched_class; in a comment */")
                .doesNotContain("extern extern");
    }

    @Test
    void staticForwardDeclarationLosesStatic() {
        String text = "static struct cpufreq_governor gov;\nint x;\nextern struct cpufreq_governor gov; /* SHARED */\n";

        String out = apply(text, "gov", "extern struct cpufreq_governor gov; /* SHARED */");

        assertThat(out).startsWith("extern struct cpufreq_governor gov;\nint x;\n");
    }

    @Test
    void otherNamesAndInitialisedDefinitionsStay() {
        String text = "struct rq rqs;\nint gov_count = 1;\nextern int gov; /* SHARED */\n";

        String out = apply(text, "gov", "extern int gov; /* SHARED */");

        assertThat(out).isEqualTo(text);
    }
}
