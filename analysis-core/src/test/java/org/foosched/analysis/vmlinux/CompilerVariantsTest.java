package org.foosched.analysis.vmlinux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompilerVariantsTest {

    @ParameterizedTest
    @CsvSource({
            "finish_task_switch.isra.0, finish_task_switch, .isra.0",
            "foo.constprop.0.isra.0, foo, .constprop.0.isra.0",
            "foo.part.3, foo, .part.3",
            "foo.cold, foo, .cold",
            "foo.cold.12, foo, .cold.12",
            "foo.isra.0.cold, foo, .isra.0.cold",
            "foo.lto_priv.0, foo, .lto_priv.0",
            "foo.localalias, foo, .localalias",
            "__warned.12, __warned.12, ''",
            "foo.isra, foo.isra, ''",
            "foo.isra.x, foo.isra.x, ''",
            "foo.coldish, foo.coldish, ''",
            "plain, plain, ''",
            ".cold, .cold, ''",
            "a.b.isra.1, a.b, .isra.1",
    })
    void splitsNameAndSuffix(String name, String base, String suffix) {
        assertThat(CompilerVariants.baseName(name)).isEqualTo(base);
        assertThat(CompilerVariants.suffix(name)).isEqualTo(suffix);
        assertThat(CompilerVariants.isVariant(name)).isEqualTo(!suffix.isEmpty());
        if (!suffix.isEmpty()) {
            assertThat(CompilerVariants.baseName(name) + CompilerVariants.suffix(name)).isEqualTo(name);
        }
    }

    @ParameterizedTest
    @CsvSource({"foo.cold, true", "foo.part.0, true", "foo.isra.0, false", "foo.constprop.1, false", "foo, false"})
    void splitParts(String name, boolean part) {
        assertThat(CompilerVariants.isSplitPart(name)).isEqualTo(part);
    }
}
