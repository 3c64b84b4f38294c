package org.foosched.analysis.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundaryConfigWriterTest {

    private static final Path SHIPPED = Path.of(System.getProperty("foosched.home", "..")).resolve(
            "boundary-configs/6.1/boundary.yaml");

    private final BoundaryConfigLoader loader = new BoundaryConfigLoader();
    private final BoundaryConfigWriter writer = new BoundaryConfigWriter();

    @TempDir
    Path tmp;

    private static List<String> names(List<Located<String>> l) {
        return l.stream().map(Located::value).toList();
    }

    @Test
    void editingTheShippedFileChangesOnlyTheEditedLines() throws Exception {
        String text = Files.readString(SHIPPED);
        BoundaryConfig c = loader.parse(SHIPPED, text);
        List<String> interfaces = new ArrayList<>(names(c.interfaces()));
        interfaces.remove("yield_to");
        interfaces.add("sched_show_task");
        List<String> outsiders = new ArrayList<>(names(c.outsiders()));
        String lastOutsider = outsiders.remove(outsiders.size() - 1);
        String keptLast = outsiders.get(outsiders.size() - 1);
        outsiders.add("__might_resched");
        BoundaryConfig edited = c.withInterfaces(interfaces).withOutsiders(outsiders);

        String out = writer.update(text, edited);

        BoundaryConfig back = loader.parse(SHIPPED, out);
        assertThat(names(back.interfaces())).isEqualTo(interfaces);
        assertThat(names(back.outsiders())).isEqualTo(outsiders);
        assertThat(BoundaryConfigWriter.sameValues(back, edited)).isTrue();
        // every comment survives, and the only lines that differ are the four entries
        List<String> before = text.lines().toList();
        List<String> after = out.lines().toList();
        before.stream().filter(l -> l.trim().startsWith("#")).forEach(l -> assertThat(after).contains(l));
        List<String> removed = new ArrayList<>(before);
        removed.removeAll(after);
        List<String> added = new ArrayList<>(after);
        added.removeAll(before);
        assertThat(removed).containsExactly("    - yield_to", "    - " + lastOutsider);
        assertThat(added).containsExactly("    - sched_show_task", "    - __might_resched");
        // new entries follow the last one of their list, before the comments of the next section
        String lastInterface = names(c.interfaces()).get(c.interfaces().size() - 1);
        assertThat(after.indexOf("    - sched_show_task")).isEqualTo(after.indexOf("    - " + lastInterface) + 1);
        assertThat(after.indexOf("    - __might_resched")).isEqualTo(after.indexOf("    - " + keptLast) + 1);
    }

    @Test
    void aMissingListGoesUnderItsParentBeforeTheNextSection() {
        String text = """
                units: [kernel/sched/core.c]
                mod_files: [kernel/sched/core.c]
                function:
                  # the entries
                  interface:
                    - try_to_wake_up

                data:
                  critical: [runqueues]
                """;
        BoundaryConfig c = loader.parse(null, text).withOutsiders(List.of("__cond_resched"));
        assertThat(writer.update(text, c)).isEqualTo("""
                units: [kernel/sched/core.c]
                mod_files: [kernel/sched/core.c]
                function:
                  # the entries
                  interface:
                    - try_to_wake_up
                  outsider:
                    - __cond_resched

                data:
                  critical: [runqueues]
                """);
    }

    @Test
    void untouchedConfigGivesTheSameText() throws Exception {
        String text = Files.readString(SHIPPED);
        assertThat(writer.update(text, loader.parse(SHIPPED, text))).isEqualTo(text);
    }

    @Test
    void flowListBecomesABlockListKeepingItsComment() {
        String text = """
                units: [kernel/sched/core.c]
                mod_files: [kernel/sched/core.c]
                sidecar: []   # functions outside mod_files
                """;
        BoundaryConfig c = loader.parse(null, text)
                .withSidecar(List.of(new SidecarEntry("cpuacct_charge", "kernel/sched/cpuacct.c")));
        String out = writer.update(text, c);
        assertThat(out).contains("sidecar: # functions outside mod_files\n  - {function: cpuacct_charge, file: kernel/sched/cpuacct.c}\n");
        assertThat(loader.parse(null, out).sidecar()).extracting(Located::value)
                .containsExactly(new SidecarEntry("cpuacct_charge", "kernel/sched/cpuacct.c"));
        // and back to empty
        String empty = writer.update(out, c.withSidecar(List.of()));
        assertThat(loader.parse(null, empty).sidecar()).isEmpty();
        assertThat(empty).contains("sidecar: [] # functions outside mod_files");
    }

    @Test
    void blockSidecarEntriesAreRecognisedAndKept() {
        String text = """
                units: [kernel/sched/core.c]
                mod_files: [kernel/sched/core.c]
                sidecar:
                  # keep cpuacct in step with the scheduler
                  - function: cpuacct_charge
                    file: kernel/sched/cpuacct.c
                  - {function: cpuacct_account_field, file: kernel/sched/cpuacct.c}
                """;
        BoundaryConfig c = loader.parse(null, text);
        BoundaryConfig edited = c.withSidecar(List.of(new SidecarEntry("cpuacct_charge", "kernel/sched/cpuacct.c"),
                new SidecarEntry("account_user_time", "kernel/sched/cputime.c")));
        String out = writer.update(text, edited);
        assertThat(out).isEqualTo("""
                units: [kernel/sched/core.c]
                mod_files: [kernel/sched/core.c]
                sidecar:
                  # keep cpuacct in step with the scheduler
                  - function: cpuacct_charge
                    file: kernel/sched/cpuacct.c
                  - {function: account_user_time, file: kernel/sched/cputime.c}
                """);
    }

    @Test
    void removingEveryEntryLeavesAnEmptyListAndTheComments() {
        String text = """
                units:
                  - kernel/sched/core.c
                mod_files:
                  - kernel/sched/core.c
                data:
                  critical:
                    # the run queues
                    - runqueues   # rebuilt on load
                    - root_task_group
                  # owned by the module
                  force_private:
                    - sysctl_sched_features
                """;
        BoundaryConfig c = loader.parse(null, text);
        String out = writer.update(text, c.withCritical(List.of()));
        assertThat(out).isEqualTo("""
                units:
                  - kernel/sched/core.c
                mod_files:
                  - kernel/sched/core.c
                data:
                  critical: []
                    # the run queues
                  # owned by the module
                  force_private:
                    - sysctl_sched_features
                """);
        assertThat(loader.parse(null, out).critical()).isEmpty();
        String again = writer.update(out, c.withCritical(List.of("runqueues")));
        assertThat(again).contains("  critical:\n    # the run queues\n    - runqueues\n  # owned by the module\n");
        // an entry that stays keeps its trailing comment
        String kept = writer.update(text, c.withCritical(List.of("runqueues")));
        assertThat(kept).contains("    - runqueues   # rebuilt on load\n  # owned by the module\n")
                .doesNotContain("root_task_group");
    }

    @Test
    void missingParentSectionIsAppended() {
        String text = "units:\n- kernel/sched/core.c\nmod_files:\n- kernel/sched/core.c\n";
        BoundaryConfig c = loader.parse(null, text).withInterfaces(List.of("try_to_wake_up"))
                .withExtraPublic(List.of("nohz"));
        String out = writer.update(text, c);
        BoundaryConfig back = loader.parse(null, out);
        assertThat(names(back.interfaces())).containsExactly("try_to_wake_up");
        assertThat(names(back.extraPublic())).containsExactly("nohz");
        assertThat(out).startsWith(text);
    }

    @Test
    void itemsAtTheKeysIndentationAreEdited() {
        String text = "units:\n- kernel/sched/core.c\nmod_files:\n- kernel/sched/core.c\n- kernel/sched/fair.c\n"
                + "interface_prefix:\n- __x64_sys_\n";
        BoundaryConfig c = loader.parse(null, text);
        BoundaryConfig edited = new BoundaryConfig(null, c.units(), List.of(Located.of("kernel/sched/fair.c")),
                c.interfacePrefix(), c.interfaces(), c.outsiders(), c.extraPublic(), c.forcePrivate(), c.critical(),
                c.sidecar());
        String out = writer.update(text, edited);
        assertThat(out).isEqualTo("units:\n- kernel/sched/core.c\nmod_files:\n- kernel/sched/fair.c\n"
                + "interface_prefix:\n- __x64_sys_\n");
    }

    @Test
    void namesYamlWouldMisreadAreQuoted() {
        String text = "units: [kernel/sched/core.c]\nmod_files: [kernel/sched/core.c]\n";
        BoundaryConfig c = loader.parse(null, text).withOutsiders(List.of("on", "no", "y", "off_cpu"));
        String out = writer.update(text, c);
        assertThat(out).contains("- 'on'", "- 'no'", "- 'y'", "- off_cpu");
        assertThat(names(loader.parse(null, out).outsiders())).containsExactly("on", "no", "y", "off_cpu");
    }

    @Test
    void invalidTextIsRefusedWithItsLine() {
        String text = "units: [kernel/sched/core.c]\nmod_files: [kernel/sched/core.c]\nfunction:\n  interface: [1abc]\n";
        BoundaryConfig c = loader.parse(null, "units: [kernel/sched/core.c]\nmod_files: [kernel/sched/core.c]\n");
        assertThatThrownBy(() -> writer.update(text, c)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::line)
                        .containsExactly(4));
    }

    @Test
    void writeFromScratchReadsBack() throws Exception {
        BoundaryConfig c = loader.load(SHIPPED)
                .withSidecar(List.of(new SidecarEntry("cpuacct_charge", "kernel/sched/cpuacct.c")));
        String out = writer.write(c);
        assertThat(BoundaryConfigWriter.sameValues(loader.parse(null, out), c)).isTrue();
    }

    @Test
    void saveEditsTheFileInPlaceAndAtomically() throws Exception {
        Path file = tmp.resolve("boundary.yaml");
        Files.copy(SHIPPED, file);
        BoundaryConfig c = loader.load(file);
        writer.save(file, c.withForcePrivate(List.of("sysctl_sched_features")));
        BoundaryConfig back = loader.load(file);
        assertThat(names(back.forcePrivate())).containsExactly("sysctl_sched_features");
        assertThat(Files.readString(file)).contains("# Foosched boundary of the replaceable scheduler");
        try (var s = Files.list(tmp)) {
            assertThat(s.toList()).containsExactly(file);
        }
        Path fresh = tmp.resolve("new.yaml");
        writer.save(fresh, c);
        assertThat(BoundaryConfigWriter.sameValues(loader.load(fresh), c)).isTrue();
    }
}
