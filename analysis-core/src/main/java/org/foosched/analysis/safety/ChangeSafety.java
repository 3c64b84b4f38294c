package org.foosched.analysis.safety;

import org.foosched.analysis.workspace.Workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The change-safety report: compares the user's edits of the extracted scheduler with the
 * pristine extraction and checks the seed's Limitations —
 * <ul>
 *   <li>the signature of an interface or callback must not change, and an interface must not be
 *       deleted (vmlinux's callers jump into it with the old arguments);</li>
 *   <li>init functions must not change (they ran at boot and vmlinux freed them);</li>
 *   <li>inline external functions must not change (vmlinux has copies inlined outside the
 *       boundary that keep the old code);</li>
 *   <li>structs of shared headers must keep their size and members (vmlinux's code and the state
 *       it shares with the module use the old layout).</li>
 * </ul>
 * It also lists the functions that changed, for the diff view. Pure text analysis: no compiler.
 */
public final class ChangeSafety {

    public enum Severity { ERROR, WARNING }

    /** Which limitation a finding is about. */
    public enum Rule {
        SIGNATURE_CHANGED, GUARDED_FUNCTION_REMOVED, INIT_FUNCTION_CHANGED, INLINE_EXTERNAL_CHANGED,
        MARKER_REMOVED, STRUCT_CHANGED
    }

    /**
     * One broken (or doubtful) rule.
     *
     * @param file    path relative to the workspace, e.g. {@code kernel/sched/mod/core.c}
     * @param line    1-based line in the current file (in the pristine one when the thing is gone)
     * @param subject the function or struct
     */
    public record Finding(Severity severity, Rule rule, String file, int line, String subject, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + severity.name().toLowerCase() + ": " + message;
        }
    }

    public enum Change { ADDED, REMOVED, CHANGED }

    /** A function that differs from the pristine extraction. */
    public record FunctionChange(String file, String function, Change change, int line) {
    }

    /** The whole report: findings, changed functions, changed files. */
    public record Report(List<Finding> findings, List<FunctionChange> changedFunctions, List<String> changedFiles) {
        public Report {
            findings = List.copyOf(findings);
            changedFunctions = List.copyOf(changedFunctions);
            changedFiles = List.copyOf(changedFiles);
        }

        public List<Finding> errors() {
            return findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
        }

        public boolean safe() {
            return errors().isEmpty();
        }
    }

    private ChangeSafety() {
    }

    /** Checks a workspace's {@code kernel/sched/mod} against {@code working/pristine}. */
    public static Report check(Workspace ws) {
        return check(ws.pristineModDir(), ws.modDir(), ws.root().relativize(ws.modDir()).toString());
    }

    /** Checks every .c and .h of {@code current} against the same file in {@code pristine}. */
    public static Report check(Path pristine, Path current, String prefix) {
        TreeSet<String> names = new TreeSet<>();
        names.addAll(sources(pristine));
        names.addAll(sources(current));
        List<Finding> findings = new ArrayList<>();
        List<FunctionChange> changes = new ArrayList<>();
        List<String> changedFiles = new ArrayList<>();
        for (String name : names) {
            String before = read(pristine.resolve(name));
            String after = read(current.resolve(name));
            if (before.equals(after)) {
                continue;
            }
            String file = prefix.isEmpty() ? name : prefix + "/" + name;
            changedFiles.add(file);
            Report r = compare(file, before, after);
            findings.addAll(r.findings());
            changes.addAll(r.changedFunctions());
        }
        return new Report(findings, changes, changedFiles);
    }

    /** Compares one file's pristine and current text (empty text: the file does not exist). */
    public static Report compare(String file, String pristine, String current) {
        COutline before = COutline.of(pristine);
        COutline after = COutline.of(current);
        List<Finding> findings = new ArrayList<>();
        Map<String, COutline.Function> beforeFns = keyed(before.functions());
        Map<String, COutline.Function> afterFns = keyed(after.functions());
        List<GuardedRegion> guardedAfter = GuardedRegion.find(after);

        for (GuardedRegion g : GuardedRegion.find(before)) {
            String key = keyOf(before.functions(), g);
            COutline.Function old = beforeFns.get(key);
            COutline.Function now = afterFns.get(key);
            String label = label(pristine, g);
            if (old == null) {
                // a marker over a line that defines something through a macro (SCHED_FEAT(...) in
                // features.h): that line must stay as it is, under its marker
                boolean kept = guardedAfter.stream().anyMatch(a -> a.kind() == g.kind() && a.function().equals(g.function()));
                if (!kept) {
                    findings.add(new Finding(Severity.ERROR, Rule.INLINE_EXTERNAL_CHANGED, file, g.line(), g.function(),
                            "'" + g.function() + "' under the '" + g.kind().marker() + "' comment changed or lost its "
                                    + "comment: vmlinux has copies of what it defines inlined outside the boundary; "
                                    + "leave it as extracted"));
                }
                continue;
            }
            if (now == null) {
                findings.add(new Finding(Severity.ERROR, Rule.GUARDED_FUNCTION_REMOVED, file, g.line(), g.function(),
                        switch (g.kind()) {
                            case SIGNATURE -> label + " " + g.function() + " was deleted: vmlinux's " + g.function()
                                    + " jumps into it. An interface cannot be deleted; make its body empty instead";
                            case INIT -> "init function " + g.function() + " was deleted; leave init functions as "
                                    + "extracted (they ran at boot)";
                            case INLINE_EXTERNAL -> "inline external function " + g.function() + " was deleted; vmlinux "
                                    + "has copies of it inlined outside the boundary, leave it as extracted";
                        }));
                continue;
            }
            boolean markerKept = guardedAfter.stream().anyMatch(a -> a.kind() == g.kind() && a.function().equals(g.function()));
            if (!markerKept) {
                findings.add(new Finding(Severity.WARNING, Rule.MARKER_REMOVED, file, now.line(), g.function(),
                        "the '" + g.kind().marker() + "' comment of " + g.function() + " was removed; the rule still "
                                + "applies"));
            }
            switch (g.kind()) {
                case SIGNATURE -> {
                    if (!same(old.signature(), now.signature())) {
                        findings.add(new Finding(Severity.ERROR, Rule.SIGNATURE_CHANGED, file, now.line(), g.function(),
                                "the signature of " + label + " " + g.function() + " changed from '" + old.signature()
                                        + "' to '" + now.signature() + "': vmlinux's callers jump here with the old "
                                        + "arguments. Keep the signature (an empty body is allowed)"));
                    }
                }
                case INIT -> {
                    if (!same(old.signature(), now.signature()) || !same(old.body(), now.body())) {
                        findings.add(new Finding(Severity.ERROR, Rule.INIT_FUNCTION_CHANGED, file, now.line(),
                                g.function(), "init function " + g.function() + " changed: it ran at boot and vmlinux "
                                + "freed it, so the change would never run. Do it in the module's initialization "
                                + "instead"));
                    }
                }
                case INLINE_EXTERNAL -> {
                    if (!same(old.signature(), now.signature()) || !same(old.body(), now.body())) {
                        findings.add(new Finding(Severity.ERROR, Rule.INLINE_EXTERNAL_CHANGED, file, now.line(),
                                g.function(), g.function() + " changed, but vmlinux inlined it into code outside the "
                                + "boundary: those copies keep the old code and the two would disagree. Leave it "
                                + "as extracted"));
                    }
                }
                default -> throw new IllegalStateException(g.kind().name());
            }
        }

        findings.addAll(structFindings(file, before, after));

        List<FunctionChange> changes = new ArrayList<>();
        for (Map.Entry<String, COutline.Function> e : beforeFns.entrySet()) {
            COutline.Function now = afterFns.get(e.getKey());
            COutline.Function old = e.getValue();
            if (now == null) {
                changes.add(new FunctionChange(file, old.name(), Change.REMOVED, old.line()));
            } else if (!same(old.signature(), now.signature()) || !same(old.body(), now.body())) {
                changes.add(new FunctionChange(file, now.name(), Change.CHANGED, now.line()));
            }
        }
        for (Map.Entry<String, COutline.Function> e : afterFns.entrySet()) {
            if (!beforeFns.containsKey(e.getKey())) {
                changes.add(new FunctionChange(file, e.getValue().name(), Change.ADDED, e.getValue().line()));
            }
        }
        changes.sort(Comparator.comparingInt(FunctionChange::line));
        findings.sort(Comparator.comparingInt(Finding::line));
        return new Report(findings, changes, List.of(file));
    }

    private static List<Finding> structFindings(String file, COutline before, COutline after) {
        boolean header = file.endsWith(".h");
        Severity sev = header ? Severity.ERROR : Severity.WARNING;
        String why = header
                ? "vmlinux's code and the state it shares with the module use the old size and member offsets; "
                + "change only reserved fields"
                : "safe only if no variable of this type is shared with vmlinux (see the data table)";
        List<Finding> out = new ArrayList<>();
        Map<String, COutline.Struct> now = new HashMap<>();
        after.structs().forEach(s -> now.putIfAbsent(s.kind() + " " + s.name(), s));
        Map<String, Integer> seen = new HashMap<>();
        for (COutline.Struct old : before.structs()) {
            String key = old.kind() + " " + old.name();
            if (seen.merge(key, 1, Integer::sum) > 1 || old.name().startsWith("(anonymous")) {
                continue; // #ifdef alternatives and anonymous types: compared through their first definition only
            }
            COutline.Struct cur = now.get(key);
            if (cur == null) {
                out.add(new Finding(sev, Rule.STRUCT_CHANGED, file, old.line(), key, key + " was removed; " + why));
                continue;
            }
            if (old.members().stream().map(COutline::canonical).toList()
                    .equals(cur.members().stream().map(COutline::canonical).toList())) {
                continue;
            }
            List<String> added = new ArrayList<>(cur.members());
            old.members().forEach(added::remove);
            List<String> removed = new ArrayList<>(old.members());
            cur.members().forEach(removed::remove);
            StringBuilder what = new StringBuilder();
            if (added.isEmpty() && removed.isEmpty()) {
                what.append("its members were reordered");
            } else {
                if (!added.isEmpty()) {
                    what.append("added ").append(quote(added));
                }
                if (!removed.isEmpty()) {
                    what.append(what.length() > 0 ? "; " : "").append("removed ").append(quote(removed));
                }
            }
            boolean layout = !added.isEmpty() || !removed.isEmpty() || old.kind().equals("struct");
            out.add(new Finding(sev, Rule.STRUCT_CHANGED, file, cur.line(), key, key + " changed (" + what + ")"
                    + (layout ? ": " + why : "")));
        }
        return out;
    }

    private static boolean same(String a, String b) {
        return COutline.canonical(a).equals(COutline.canonical(b));
    }

    private static String quote(List<String> members) {
        List<String> q = members.stream().limit(4).map(m -> "'" + m + "'").toList();
        return String.join(", ", q) + (members.size() > q.size() ? " and " + (members.size() - q.size()) + " more" : "");
    }

    /** "interface", "callback", "sidecar" from the marker comment; "interface or callback" when unknown. */
    private static String label(String text, GuardedRegion g) {
        if (g.kind() != GuardedRegion.Kind.SIGNATURE) {
            return g.kind().what();
        }
        int end = text.indexOf("*/", g.start());
        String comment = end < 0 ? "" : text.substring(g.start(), end);
        for (String l : List.of("interface", "callback", "sidecar")) {
            if (comment.contains(": " + l)) {
                return l;
            }
        }
        return "interface or callback";
    }

    /** Functions by name, the n-th definition of a name (under #ifdef alternatives) as name#n. */
    private static Map<String, COutline.Function> keyed(List<COutline.Function> fns) {
        Map<String, COutline.Function> out = new LinkedHashMap<>();
        Map<String, Integer> count = new HashMap<>();
        for (COutline.Function f : fns) {
            int n = count.merge(f.name(), 1, Integer::sum);
            out.put(n == 1 ? f.name() : f.name() + "#" + n, f);
        }
        return out;
    }

    private static String keyOf(List<COutline.Function> fns, GuardedRegion g) {
        int n = 0;
        for (COutline.Function f : fns) {
            if (f.name().equals(g.function())) {
                n++;
                if (f.start() >= g.start()) {
                    break;
                }
            }
        }
        return n <= 1 ? g.function() : g.function() + "#" + n;
    }

    private static List<String> sources(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString())
                    .filter(n -> (n.endsWith(".c") || n.endsWith(".h")) && !n.startsWith(".") && !n.contains("/.")
                            && !n.endsWith(".mod.c"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
