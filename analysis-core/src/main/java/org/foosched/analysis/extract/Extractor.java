package org.foosched.analysis.extract;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.FunctionResult;
import org.foosched.analysis.boundary.VariableResult;
import org.foosched.analysis.model.FnDef;
import org.foosched.analysis.model.VarDef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the scheduler module's sources from the kernel tree and the analysis:
 * <ul>
 *   <li>every file of {@code kernel/sched/} the units use goes to {@code kernel/sched/mod/};
 *       other local headers they include (e.g. {@code kernel/workqueue_internal.h}) keep their
 *       path, so {@code #include "../x.h"} still resolves;</li>
 *   <li>outsider bodies (and the bodies of the units' files outside mod_files) become
 *       declarations; a static one is bound to vmlinux's symbol by an assembler name
 *       ({@code foosched.vmlinux.<sympos>.<name>}) that the target-side resolver fills in;</li>
 *   <li>shared variable definitions become declarations, private ones stay;</li>
 *   <li>interfaces and callbacks get the "DON'T MODIFY SIGNATURE" marker, inline external and
 *       init functions the "DON'T MODIFY …" markers;</li>
 *   <li>what vmlinux already did at boot is taken out: {@code CREATE_TRACE_POINTS}, initcalls,
 *       {@code __setup}, exports of static calls and tracepoints.</li>
 * </ul>
 * The aggregates {@code build_policy.c} and {@code build_utility.c} keep including all their
 * members: the members outside mod_files contribute only declarations, so the module
 * compiles only the boundary's code.
 */
public final class Extractor {

    public static final String MOD_DIR = "kernel/sched/mod";
    private static final String SCHED_DIR = "kernel/sched/";

    private static final Pattern REMOVED_LINE = Pattern.compile(
            "(?m)^[ \\t]*(#define[ \\t]+CREATE_TRACE_POINTS\\b.*"
                    + "|(?:EXPORT_TRACEPOINT_SYMBOL(?:_GPL)?|EXPORT_STATIC_CALL(?:_TRAMP)?(?:_GPL)?"
                    + "|(?:early|core|postcore|arch|subsys|fs|rootfs|device|late|pure)_initcall(?:_sync)?"
                    + "|__initcall|__exitcall|__setup|early_param|module_init|module_exit)\\s*\\()");
    private static final Set<String> INITCALL_MACROS = Set.of("early_initcall", "core_initcall", "postcore_initcall",
            "arch_initcall", "subsys_initcall", "fs_initcall", "rootfs_initcall", "device_initcall", "late_initcall",
            "late_initcall_sync", "pure_initcall", "__initcall", "__exitcall", "__setup", "early_param",
            "__setup_param", "EXPORT_TRACEPOINT_SYMBOL", "EXPORT_TRACEPOINT_SYMBOL_GPL");

    /** What the extractor needs. */
    public record Input(Path sourceRoot, Collection<String> files, AnalysisResult analysis) {
    }

    /** The new text of every file, by path relative to the workspace root. */
    public record Output(Map<String, String> files, List<String> notes) {
    }

    public Output extract(Input in) {
        AnalysisResult a = in.analysis();
        Map<String, List<FunctionResult>> fnsByFile = new TreeMap<>();
        a.functions().forEach(f -> fnsByFile.computeIfAbsent(f.def().id().file(), k -> new ArrayList<>()).add(f));
        Map<String, List<VariableResult>> varsByFile = new TreeMap<>();
        a.variables().forEach(v -> varsByFile.computeIfAbsent(v.def().id().file(), k -> new ArrayList<>()).add(v));

        Map<String, String> out = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (String file : new TreeSet<>(in.files())) {
            String text = read(in.sourceRoot().resolve(file));
            String target = targetPath(file);
            if (file.startsWith(SCHED_DIR) && file.endsWith(".c")) {
                text = rewrite(file, text, fnsByFile.getOrDefault(file, List.of()),
                        varsByFile.getOrDefault(file, List.of()), notes);
            } else if (file.startsWith(SCHED_DIR) && a.config().modFileSet().contains(file)) {
                text = rewrite(file, text, fnsByFile.getOrDefault(file, List.of()), List.of(), notes);
            }
            out.put(target, text);
        }
        return new Output(out, notes);
    }

    /** Where a kernel file goes in the workspace. */
    public static String targetPath(String file) {
        if (file.startsWith(SCHED_DIR) && file.indexOf('/', SCHED_DIR.length()) < 0) {
            return MOD_DIR + "/" + file.substring(SCHED_DIR.length());
        }
        return file;
    }

    private String rewrite(String file, String text, List<FunctionResult> fns, List<VariableResult> vars,
                           List<String> notes) {
        CSource src = new CSource(text);
        List<Edit> edits = new ArrayList<>();
        boolean dotC = file.endsWith(".c");
        for (FunctionResult f : fns) {
            FnDef d = f.def();
            if (d.name() == null) {
                continue;
            }
            int nameAt = src.offset(d.name());
            String where = file + ":" + d.name().line() + ": " + d.id().name();
            switch (f.cls()) {
                case INTERFACE, CALLBACK, SIDECAR -> {
                    boolean renamed = !f.moduleName().equals(d.id().name());
                    if (renamed) {
                        edits.addAll(renameToModuleCopy(src, f, nameAt, where));
                    }
                    edits.add(marker(src, nameAt, Markers.SIGNATURE + ": " + f.cls().label() + ", vmlinux's "
                            + f.symbol().display() + " jumps here" + (renamed ? "; pointers the module takes of "
                            + d.id().name() + " point into vmlinux, so this copy is " + f.moduleName() : ""), where));
                }
                case OPTIMIZED_OUTSIDER -> edits.add(marker(src, nameAt, Markers.INLINE_EXTERNAL
                        + ": vmlinux inlined it into code outside the boundary", where));
                case INIT -> edits.add(marker(src, nameAt, Markers.INIT + ": it ran at boot", where));
                case OUTSIDER, OUTSIDE -> {
                    if (dotC && f.symbol() != null && d.bodyOpen() != null) {
                        edits.add(toDeclaration(src, f, where));
                    }
                }
                default -> {
                }
            }
        }
        for (VariableResult v : vars) {
            VarDef d = v.def();
            if (d.pos() == null || !v.placement().shared() || v.symbol() == null
                    || (d.macro() != null && INITCALL_MACROS.contains(d.macro()))) {
                continue;
            }
            if (!v.inBoundary() && d.isStatic() && !v.usedByBoundary()) {
                continue; // vmlinux's private business: unused in the module, the compiler drops it
            }
            Edit definition = shareVariable(src, v, file + ":" + d.pos().line() + ": " + d.id().name());
            edits.add(definition);
            edits.addAll(externTentatives(src, d.id().name(), definition, file));
        }
        Matcher m = REMOVED_LINE.matcher(text);
        while (m.find()) {
            int start = m.start(1);
            if (src.kind(start) != CSource.Kind.CODE && src.kind(start) != CSource.Kind.PREPROC) {
                continue;
            }
            int end = src.kind(start) == CSource.Kind.PREPROC ? text.indexOf('\n', start) : src.statementEnd(start) + 1;
            String original = src.code(start, end).replace("*/", "* /");
            edits.add(new Edit(start, end, "/* " + Markers.REMOVED + ", vmlinux did it at boot: " + original + " */",
                    file + ":" + src.lineOf(start) + ": " + original));
        }
        if (edits.isEmpty()) {
            return text;
        }
        notes.add(file + ": " + edits.size() + " edits");
        return Edit.apply(text, edits, file);
    }

    private static Edit marker(CSource src, int nameAt, String comment, String where) {
        int start = src.declarationStart(nameAt);
        return new Edit(start, start, "/* " + comment + " */\n", "marker for " + where);
    }

    /**
     * {@code foo} becomes {@code __cb_foo} at its definition, and after it {@code foo} is
     * declared as vmlinux's symbol: every pointer to {@code foo} the module stores in shared
     * state then leads to vmlinux's entry, never into module memory that an unload frees.
     */
    private static List<Edit> renameToModuleCopy(CSource src, FunctionResult f, int nameAt, String where) {
        FnDef d = f.def();
        String name = d.id().name();
        if (!src.text().startsWith(name, nameAt) || d.bodyOpen() == null) {
            throw new ExtractionException(where + ": the callback's name is made by a macro ("
                    + d.macro() + "); it cannot be renamed to " + f.moduleName()
                    + ". Keep it out of the boundary (function.outsider)");
        }
        int start = src.declarationStart(nameAt);
        int open = src.offset(d.bodyOpen());
        int params = src.text().indexOf('(', nameAt + name.length());
        int paramsEnd = params < 0 ? -1 : src.matchingClose(params);
        if (paramsEnd < 0 || paramsEnd >= open) {
            throw new ExtractionException(where + ": cannot find the parameter list of the callback");
        }
        // The same declarator bound to vmlinux's symbol, before the definition (the body may
        // use its own address, e.g. a stopper work that re-queues itself).
        String label = " __asm__(\"" + Markers.vmlinuxSymbol(f.symbol().name(), f.symbol().sympos()) + "\")";
        String decl = src.text().substring(start, paramsEnd + 1) + label
                + src.text().substring(paramsEnd + 1, open).stripTrailing() + ";\n";
        return List.of(new Edit(start, start, decl, "vmlinux's " + name + " before " + where),
                new Edit(nameAt, nameAt + name.length(), f.moduleName(), "name of " + where));
    }

    private static Edit toDeclaration(CSource src, FunctionResult f, String where) {
        FnDef d = f.def();
        int open = src.offset(d.bodyOpen());
        int close = src.offset(d.bodyClose());
        if (open >= src.length() || src.text().charAt(open) != '{' || close >= src.length()
                || src.text().charAt(close) != '}') {
            throw new ExtractionException(where + ": the collector's body position " + d.bodyOpen() + "-"
                    + d.bodyClose() + " does not point at braces; was the source changed after collecting?");
        }
        int trim = open;
        while (trim > 0 && Character.isWhitespace(src.text().charAt(trim - 1))) {
            trim--;
        }
        StringBuilder sb = new StringBuilder(";");
        sb.append(" /* ").append(Markers.OUTSIDER).append(": the module calls vmlinux's ")
                .append(f.symbol().display()).append(" */");
        if (d.isStatic()) {
            sb.append("\nstatic __typeof__(").append(d.id().name()).append(") ").append(d.id().name())
                    .append(" __asm__(\"").append(Markers.vmlinuxSymbol(f.symbol().name(), f.symbol().sympos()))
                    .append("\");");
        }
        return new Edit(trim, close + 1, sb.toString(), "body of " + where);
    }

    private static Edit shareVariable(CSource src, VariableResult v, String where) {
        VarDef d = v.def();
        int at = src.offset(d.pos());
        int start = src.declarationStart(at);
        int end = src.statementEnd(at);
        String decl = DeclarationWriter.declaration(src, start, end, at, d.macro(), where);
        StringBuilder sb = new StringBuilder(decl).append("; /* ").append(Markers.SHARED)
                .append(v.placement().critical() ? ", critical: rebuilt on load" : "")
                .append(": vmlinux's ").append(v.symbol().display()).append(" */");
        if (d.isStatic() || v.symbol().sympos() > 0) {
            sb.append("\nextern __typeof__(").append(d.id().name()).append(") ").append(d.id().name())
                    .append(" __asm__(\"").append(Markers.vmlinuxSymbol(v.symbol().name(), v.symbol().sympos()))
                    .append("\");");
        }
        return new Edit(start, end + 1, sb.toString(), "definition of " + where);
    }

    /**
     * Other file-scope declarations of a shared variable in the same file that C takes as
     * tentative definitions ({@code T name;} without {@code extern} or initializer, e.g. 6.1's
     * forward {@code const struct sched_class fair_sched_class;} in fair.c): left alone, each
     * would make the module define a zeroed copy of its own. They become {@code extern}.
     */
    static List<Edit> externTentatives(CSource src, String name, Edit definition, String file) {
        Pattern p = Pattern.compile("(?m)^([A-Za-z_][^;{}()=#\\n]*?)\\b" + Pattern.quote(name)
                + "\\s*(?:\\[[^\\]]*\\])?\\s*;");
        List<Edit> out = new ArrayList<>();
        Matcher m = p.matcher(src.text());
        while (m.find()) {
            int start = m.start();
            if (start >= definition.start() && start < definition.end() || src.kind(start) != CSource.Kind.CODE) {
                continue;
            }
            String prefix = m.group(1);
            if (prefix.matches("(?s).*\\b(extern|typedef)\\b.*")) {
                continue;
            }
            Matcher st = Pattern.compile("\\bstatic\\b").matcher(prefix);
            String where = file + ":" + src.lineOf(start) + ": forward declaration of " + name;
            if (st.find()) {
                out.add(new Edit(start + st.start(), start + st.end(), "extern", where));
            } else {
                out.add(new Edit(start, start, "extern ", where));
            }
        }
        return out;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

}
