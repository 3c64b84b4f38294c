package org.foosched.analysis.build;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.FunctionResult;
import org.foosched.analysis.elf.ElfFile;
import org.foosched.analysis.elf.ElfSection;
import org.foosched.analysis.elf.ElfSymbolTable;
import org.foosched.analysis.extract.Extractor;
import org.foosched.analysis.fs.Trees;
import org.foosched.analysis.progress.Progress;
import org.foosched.analysis.vmlinux.VmlinuxIndex;
import org.foosched.analysis.vmlinux.VmlinuxSymbol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The scheduler-specific part of the runtime ({@code module-runtime-c/sched/}) in the build:
 * <ul>
 *   <li>measures vmlinux's {@code __schedule} ({@link SpringboardLayout}) and adds the redirect
 *       of the function its tail calls with prev ({@code finish_task_switch.isra.0} on 6.1) to
 *       the module's real {@code finish_task_switch(struct task_struct *prev)};</li>
 *   <li>copies the glue into the module directory with the generated
 *       {@code foosched_sched_layout.h} and the release's private debugfs/procfs headers;</li>
 *   <li>edits the build copy of the sources: {@code context_switch()} switches through the
 *       springboard, and the static objects the glue re-points files to get global aliases;</li>
 *   <li>after compiling, checks the module's {@code __schedule} frame against vmlinux's and
 *       refuses the build when they differ (such a module would crash at the first switch).</li>
 * </ul>
 */
final class SchedulerGlue {

    static final String DIR = "foosched-sched";
    static final String LAYOUT_HEADER = "foosched_sched_layout.h";
    static final String SPRINGBOARD_ENTER = "foosched_springboard_enter";
    static final String CORE = Extractor.MOD_DIR + "/core.c";
    private static final String SWITCH_TO_CALL = "switch_to(prev, next, prev);";
    private static final Pattern FINISH_DEF = Pattern.compile(
            "\\bfinish_task_switch\\s*\\(\\s*struct\\s+task_struct\\s*\\*\\s*\\w+\\s*\\)\\s*(?:__releases\\([^)]*\\)\\s*)?\\{");

    /** A static object of the scheduler that the glue reaches through a global alias. */
    record ModuleObject(String file, String name, String type, String macro) {
        String alias() {
            return "foosched_mod_" + name;
        }
    }

    /** The files the glue takes over while the module is enabled (debugfs.c, procfs.c). */
    static final List<ModuleObject> OBJECTS = List.of(
            new ModuleObject("debug.c", "sched_feat_fops", "struct file_operations", "FOOSCHED_SYM_SCHED_FEAT_FOPS"),
            new ModuleObject("debug.c", "sched_debug_fops", "struct file_operations", "FOOSCHED_SYM_SCHED_DEBUG_FOPS"),
            new ModuleObject("debug.c", "sched_debug_sops", "struct seq_operations", "FOOSCHED_SYM_SCHED_DEBUG_SOPS"),
            new ModuleObject("stats.c", "schedstat_sops", "struct seq_operations", "FOOSCHED_SYM_SCHEDSTAT_SOPS"));

    /** The release's private headers the glue needs (struct debugfs_fsdata, struct proc_dir_entry). */
    static final List<String[]> KERNEL_HEADERS = List.of(
            new String[] {"fs/debugfs/internal.h", "debugfs_internal.h"},
            new String[] {"fs/proc/internal.h", "proc_internal.h"});

    /** What install() adds to the module's Kbuild. */
    record Installed(List<String> objects, List<String> kbuildLines) {
    }

    private final VmlinuxIndex index;
    private final Path kernelSource;
    private final SpringboardLayout layout;
    private final FunctionResult finishRedirected; // the analysis already redirects the tail's callee

    private SchedulerGlue(VmlinuxIndex index, Path kernelSource, SpringboardLayout layout,
                          FunctionResult finishRedirected) {
        this.index = index;
        this.kernelSource = kernelSource;
        this.layout = layout;
        this.finishRedirected = finishRedirected;
    }

    /** Measures vmlinux's {@code __schedule} when the boundary replaces it. */
    static SchedulerGlue prepare(VmlinuxIndex index, AnalysisResult analysis, Path kernelSource, Progress progress) {
        Optional<FunctionResult> schedule = analysis.redirected().stream()
                .filter(f -> f.symbol().name().equals("__schedule")).findFirst();
        if (schedule.isEmpty()) {
            throw new BuildException("the boundary does not replace __schedule, but the scheduler glue (springboard, "
                    + "run-queue rebuild) is built for a module that does; keep __schedule in the boundary");
        }
        VmlinuxSymbol sym = index.symbolsNamed("__schedule").stream()
                .filter(s -> s.address() == schedule.get().symbol().address()).findFirst()
                .orElseThrow(() -> new BuildException("vmlinux has no __schedule at the analysed address"));
        progress.step("measure vmlinux's __schedule", -1);
        SpringboardLayout layout = SpringboardLayout.measure(index, sym);
        progress.log("scheduler glue: vmlinux's __schedule switches at +0x" + Long.toHexString(layout.switchOffset())
                + ", resumes at +0x" + Long.toHexString(layout.returnOffset()) + ", frame " + layout.frame().describe()
                + ", tail calls " + layout.finish().displayName());
        FunctionResult already = analysis.redirected().stream()
                .filter(f -> f.symbol().address() == layout.finish().address()).findFirst().orElse(null);
        return new SchedulerGlue(index, kernelSource, layout, already);
    }

    /** The redirect of the tail's {@code finish_task_switch} clone, unless the analysis has it. */
    List<RedirectPlanner.Target> extraTargets() {
        if (finishRedirected != null) {
            return List.of();
        }
        return List.of(new RedirectPlanner.Target(layout.finish(), "finish_task_switch", CORE));
    }

    /**
     * Copies the glue into {@code mod/foosched-sched}, writes the layout header, edits the build
     * copies of core.c, debug.c and stats.c; returns what the Kbuild needs.
     */
    Installed install(Path runtime, Path mod, Path build, String vmlinuxName) {
        Path glue = mod.resolve(DIR);
        Trees.deleteTree(glue);
        Trees.copyTree(runtime.resolve("sched"), glue);
        for (String[] h : KERNEL_HEADERS) {
            Path from = kernelSource.resolve(h[0]);
            if (!Files.isRegularFile(from)) {
                throw new BuildException("the kernel source " + kernelSource + " has no " + h[0]
                        + ", which the scheduler glue needs (struct layouts of this release)");
            }
            try {
                Files.createDirectories(glue.resolve("kernel"));
                Files.copy(from, glue.resolve("kernel").resolve(h[1]));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> macros = new ArrayList<>();
        for (ModuleObject o : OBJECTS) {
            macros.add("#define " + o.macro() + " \"" + SpringboardLayout.vmlinuxSymbol(vmlinuxObject(o.name())) + "\"");
        }
        Trees.writeAtomically(glue.resolve(LAYOUT_HEADER), layout.header(vmlinuxName, macros));
        editCore(build.resolve(CORE));
        for (String file : List.of("debug.c", "stats.c")) {
            appendAliases(build.resolve(Extractor.MOD_DIR).resolve(file), file);
        }
        return new Installed(List.of(), List.of("FOOSCHED_SCHED_DIR := " + DIR,
                "include $(src)/$(FOOSCHED_SCHED_DIR)/Kbuild.sched"));
    }

    private VmlinuxSymbol vmlinuxObject(String name) {
        List<VmlinuxSymbol> found = index.symbolsNamed(name).stream().filter(s -> s.sympos() >= 0).toList();
        if (found.isEmpty()) {
            throw new BuildException("vmlinux has no " + name + " in kallsyms; the scheduler glue re-points the "
                    + "file it serves and needs vmlinux's object to give it back");
        }
        if (found.size() > 1 && found.stream().anyMatch(s -> s.sympos() == 0)) {
            throw new BuildException("vmlinux's " + name + " is ambiguous");
        }
        return found.size() == 1 ? found.get(0) : found.stream().filter(s -> s.file() != null
                && (s.file().equals("debug.c") || s.file().equals("stats.c") || s.file().startsWith("build_utility")))
                .findFirst().orElseThrow(() -> new BuildException("vmlinux has " + found.size() + " symbols named "
                        + name + " and none from the scheduler's files"));
    }

    /** The springboard in context_switch(), and a real finish_task_switch(prev). */
    static void editCore(Path core) {
        String text = read(core);
        int first = text.indexOf(SWITCH_TO_CALL);
        if (first < 0 || text.indexOf(SWITCH_TO_CALL, first + 1) >= 0) {
            throw new BuildException(core.getFileName() + " must contain \"" + SWITCH_TO_CALL + "\" exactly once (in "
                    + "context_switch()): the springboard replaces it; found " + (first < 0 ? "none" : "several")
                    + ". Restore it in " + CORE);
        }
        if (!FINISH_DEF.matcher(text).find()) {
            throw new BuildException(CORE + " must define finish_task_switch(struct task_struct *prev): tasks "
                    + "switched by the springboard resume in vmlinux's __schedule, which calls it with prev");
        }
        String include = "#include \"" + DIR + "/springboard.h\" /* foosched: the __schedule springboard */\n";
        int lineEnd = text.indexOf('\n');
        String edited = text.substring(0, lineEnd + 1) + include + text.substring(lineEnd + 1, first)
                + "foosched_switch_to(prev, next, prev); /* foosched: resume in vmlinux's __schedule */"
                + text.substring(first + SWITCH_TO_CALL.length());
        write(core, edited);
    }

    /** Global aliases of the static objects the glue uses, appended to the build copy. */
    static void appendAliases(Path file, String name) {
        String text = read(file);
        StringBuilder sb = new StringBuilder("\n/* Generated by foosched build: the scheduler glue's view of these "
                + "objects (module-runtime-c/sched) */\n");
        for (ModuleObject o : OBJECTS) {
            if (!o.file().equals(name)) {
                continue;
            }
            Pattern def = Pattern.compile("\\b" + Pattern.quote(o.type()) + "\\s+" + Pattern.quote(o.name()) + "\\s*=");
            if (!def.matcher(text).find()) {
                throw new BuildException(Extractor.MOD_DIR + "/" + name + " must define " + o.type() + " " + o.name()
                        + " = { ... }: the module serves its file with it while it is loaded");
            }
            sb.append("extern __typeof__(").append(o.name()).append(") ").append(o.alias())
                    .append(" __attribute__((alias(\"").append(o.name()).append("\")));\n");
        }
        try {
            Files.writeString(file, sb.toString(), StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** After compiling: the module's __schedule must match vmlinux's frame (see SpringboardLayout). */
    void verify(Path mod) {
        Path core = mod.resolve("core.o");
        try (ElfFile elf = ElfFile.open(core)) {
            ElfSymbolTable t = elf.symbolTable();
            int found = -1;
            for (int i = 1; i < t.count(); i++) {
                if (t.name(i).equals("__schedule") && t.isInSection(i) && t.size(i) > 0) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                throw new BuildException("the compiled " + core + " has no __schedule");
            }
            ElfSection sec = elf.section(t.sectionIndex(found));
            Disassembly d = Disassembly.of(core, sec.name(), t.value(found), t.value(found) + t.size(found));
            layout.checkModule(d, "core.o " + sec.name() + "+0x" + Long.toHexString(t.value(found)), SPRINGBOARD_ENTER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + core + ": " + e.getMessage(), e);
        }
    }

    SpringboardLayout layout() {
        return layout;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
