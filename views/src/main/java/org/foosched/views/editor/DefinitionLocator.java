package org.foosched.views.editor;

import org.foosched.analysis.extract.Extractor;
import org.foosched.analysis.model.CodeModel;
import org.foosched.analysis.model.FnDef;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.model.NodeId;
import org.foosched.analysis.model.VarDef;
import org.foosched.analysis.model.VarId;
import org.foosched.analysis.safety.COutline;
import org.foosched.views.workbench.SourceLocation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a function or variable is defined in the workspace. The collector's positions are of
 * the original kernel source, and the extraction (and the user) moved lines since, so the
 * definition is found again in the extracted file: a function by its outline (also as the
 * module's {@code __cb_} copy, or inside the {@code SYSCALL_DEFINE} that made it), a body
 * turned into a declaration or a variable by the top-level line naming it nearest to the
 * original line. Files the workspace does not hold (the kernel's {@code include/}) are shown
 * from the kernel source the workspace was extracted from.
 */
public final class DefinitionLocator {

    private static final List<String> SYSCALL_PREFIXES = List.of("__x64_sys_", "__ia32_sys_", "__se_sys_", "__do_sys_",
            "__x32_compat_sys_", "__ia32_compat_sys_", "__se_compat_sys_", "__do_compat_sys_");

    private final Path workspaceRoot;
    private final Path kernelSource;

    public DefinitionLocator(Path workspaceRoot, Path kernelSource) {
        this.workspaceRoot = workspaceRoot;
        this.kernelSource = kernelSource;
    }

    /** The file of the workspace (or of the kernel source) that holds a kernel path. */
    public Optional<Path> fileOf(String kernelPath) {
        Path inWs = workspaceRoot.resolve(Extractor.targetPath(kernelPath));
        if (Files.isRegularFile(inWs)) {
            return Optional.of(inWs);
        }
        if (kernelSource != null) {
            Path inSrc = kernelSource.resolve(kernelPath);
            if (Files.isRegularFile(inSrc)) {
                return Optional.of(inSrc);
            }
        }
        return Optional.empty();
    }

    public Optional<SourceLocation> locate(CodeModel model, NodeId id) {
        Optional<Path> file = fileOf(id.file());
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(file.get(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return Optional.empty();
        }
        int hint;
        String macro = null;
        if (id instanceof FnId f) {
            FnDef d = model.function(f).orElse(null);
            hint = d == null ? 1 : d.line();
            macro = d == null ? null : d.macro();
        } else {
            VarDef d = model.variable((VarId) id).orElse(null);
            hint = d == null ? 1 : d.line();
        }
        int line = id instanceof FnId ? functionLine(text, id.name(), macro, hint) : topLevelLine(text, id.name(), hint, false);
        return Optional.of(SourceLocation.of(file.get(), Math.max(line, 1)));
    }

    /** The line of a function's definition in {@code text}, or of its declaration; 0 if absent. */
    static int functionLine(String text, String name, String macro, int hint) {
        COutline o = COutline.of(text);
        Optional<COutline.Function> f = o.function(name).or(() -> o.function("__cb_" + name));
        if (f.isEmpty() && macro != null) {
            String base = name;
            for (String p : SYSCALL_PREFIXES) {
                if (name.startsWith(p)) {
                    base = name.substring(p.length());
                    break;
                }
            }
            String wanted = "(" + base + ")";
            f = o.functions().stream().filter(fn -> fn.name().startsWith(macro) && fn.name().endsWith(wanted)).findFirst();
        }
        if (f.isPresent()) {
            return o.lineOf(f.get().nameAt());
        }
        return topLevelLine(text, name, hint, true);
    }

    /** The top-level line (starting in column 1, not a comment or directive) naming {@code name} nearest to {@code hint}. */
    static int topLevelLine(String text, String name, int hint, boolean call) {
        Pattern p = Pattern.compile("(?m)^[A-Za-z_].*\\b" + Pattern.quote(name) + (call ? "\\s*\\(" : "\\b"));
        Matcher m = p.matcher(text);
        int best = 0;
        int bestDistance = Integer.MAX_VALUE;
        while (m.find()) {
            int line = lineOf(text, m.start());
            int dist = Math.abs(line - hint);
            if (dist < bestDistance) {
                best = line;
                bestDistance = dist;
            }
        }
        return best;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
