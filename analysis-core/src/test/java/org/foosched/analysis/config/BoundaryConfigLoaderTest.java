package org.foosched.analysis.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundaryConfigLoaderTest {

    private final BoundaryConfigLoader loader = new BoundaryConfigLoader();
    private final Path file = Path.of("boundary.yaml");

    private static final String VALID = """
            units: [kernel/sched/core.c, kernel/sched/fair.c]
            mod_files:
              - kernel/sched/core.c
              - kernel/sched/sched.h
            interface_prefix: [__x64_sys_]
            function:
              interface:
                - try_to_wake_up
                - scheduler_tick
            data:
              extra_public: [task_group_cache]
              force_private: [sysctl_sched_features]
              critical: [runqueues]
            sidecar:
              - {function: cpuacct_charge, file: kernel/sched/cpuacct.c}
            """;

    @Test
    void readsEverySectionWithLines() {
        BoundaryConfig c = loader.parse(file, VALID);
        assertThat(c.unitSet()).containsExactly("kernel/sched/core.c", "kernel/sched/fair.c");
        assertThat(c.modFileSet()).containsExactly("kernel/sched/core.c", "kernel/sched/sched.h");
        assertThat(c.interfaces()).extracting(Located::value).containsExactly("try_to_wake_up", "scheduler_tick");
        assertThat(c.interfaces()).extracting(Located::line).containsExactly(8, 9);
        assertThat(c.extraPublicSet()).containsExactly("task_group_cache");
        assertThat(c.forcePrivateSet()).containsExactly("sysctl_sched_features");
        assertThat(c.criticalSet()).containsExactly("runqueues");
        assertThat(c.sidecar()).extracting(Located::value)
                .containsExactly(new SidecarEntry("cpuacct_charge", "kernel/sched/cpuacct.c"));
        assertThat(c.hasInterfacePrefix("__x64_sys_sched_yield")).isTrue();
        assertThat(c.hasInterfacePrefix("sched_yield")).isFalse();
    }

    @Test
    void acceptsTheSeedsGlobalVarSectionName() {
        BoundaryConfig c = loader.parse(file, """
                units: [kernel/sched/core.c]
                mod_files: [kernel/sched/core.c]
                global_var:
                  extra_public: [nohz]
                """);
        assertThat(c.extraPublicSet()).containsExactly("nohz");
    }

    @Test
    void malformedYamlNamesTheLine() {
        assertThatThrownBy(() -> loader.parse(file, "units: [kernel/sched/core.c\nmod_files: x\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("boundary.yaml:")
                .hasMessageContaining("malformed YAML");
    }

    @Test
    void everyProblemIsReportedWithItsLineAtOnce() {
        String text = """
                units: [kernel/sched/core.c]
                mod_files: [kernel/sched/core.c, ../etc/passwd]
                function:
                  interfaces: [foo]
                data:
                  extra_public: [a, b, a]
                  force_private: [b]
                sidecar: 3
                colour: blue
                """;
        assertThatThrownBy(() -> loader.parse(file, text))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                            "boundary.yaml:9: unknown key 'colour' (known: data, function, global_var, interface_prefix, mod_files, sidecar, units)",
                            "boundary.yaml:2: '../etc/passwd' in mod_files is not a kernel source path like kernel/sched/core.c or kernel/sched/sched.h",
                            "boundary.yaml:4: unknown key 'function.interfaces' (known: interface, outsider)",
                            "boundary.yaml:6: 'a' is listed twice in data.extra_public (first at line 6)",
                            "boundary.yaml:7: variable 'b' is both extra_public (line 6) and force_private; keep one",
                            "boundary.yaml:8: 'sidecar' must be a list of {function: NAME, file: PATH}");
                });
    }

    @Test
    void namesMustBeIdentifiersAndUnitsSources() {
        assertThatThrownBy(() -> loader.parse(file, """
                units: [kernel/sched/sched.h]
                mod_files: [kernel/sched/core.c]
                function:
                  interface: [try_to_wake_up(), ok_name]
                """))
                .hasMessageContaining("boundary.yaml:1: 'kernel/sched/sched.h' in units is not a kernel source path like kernel/sched/core.c")
                .hasMessageContaining("boundary.yaml:4: 'try_to_wake_up()' in function.interface is not a C identifier");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThatThrownBy(() -> loader.parse(file, "units: [kernel/sched/core.c]\nmod_files: []\nunits: []\n"))
                .hasMessageContaining("boundary.yaml:3")
                .hasMessageContaining("key 'units' appears twice (first at line 1)");
    }

    @Test
    void missingRequiredKeysAndWrongRootAreRefused() {
        assertThatThrownBy(() -> loader.parse(file, "- a\n- b\n"))
                .hasMessageContaining("expected a mapping");
        assertThatThrownBy(() -> loader.parse(file, "interface_prefix: []\n"))
                .hasMessageContaining("missing key 'units'")
                .hasMessageContaining("missing key 'mod_files'");
    }

    @Test
    void missingFileIsOneClearLine(@TempDir Path dir) {
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml")))
                .hasMessage(dir.resolve("nope.yaml") + ": no such file");
    }

    @Test
    void configsAreChosenByLongestCommonPrefix(@TempDir Path dir) throws Exception {
        for (String line : new String[] {"6.1", "6.12", "5.10"}) {
            Files.createDirectories(dir.resolve(line));
            Files.writeString(dir.resolve(line).resolve("boundary.yaml"), VALID);
        }
        BoundaryConfigs configs = new BoundaryConfigs(dir);
        assertThat(configs.folderFor("6.1.0-56-amd64")).contains(dir.resolve("6.1"));
        assertThat(configs.folderFor("6.12.9+bpo-amd64")).contains(dir.resolve("6.12"));
        assertThat(configs.folderFor("6.10.1")).isEmpty();
        assertThatThrownBy(() -> configs.require("4.19.91"))
                .hasMessageContaining("no boundary configuration for kernel 4.19.91 (available lines: 5.10, 6.1, 6.12)");
    }
}
