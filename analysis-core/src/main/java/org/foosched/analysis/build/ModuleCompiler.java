package org.foosched.analysis.build;

import org.foosched.analysis.proc.Exec;
import org.foosched.analysis.progress.Progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Compiles the module directory against the release's headers with kbuild
 * ({@code make -C <headers> M=<mod> modules}), reporting each object as it is compiled and
 * every compiler error with file:line.
 */
public final class ModuleCompiler {

    private static final Pattern CC_LINE = Pattern.compile("^\\s+CC \\[M\\]\\s+(\\S+)$");

    private final Path headersDir;
    private final int jobs;

    public ModuleCompiler(Path headersDir, int jobs) {
        this.headersDir = headersDir;
        this.jobs = jobs;
    }

    /** Outcome: the module file (null when it failed) and the diagnostics. */
    public record Result(Path module, List<CompilerDiagnostics.Diagnostic> diagnostics, List<String> tail) {
        public boolean ok() {
            return module != null;
        }

        public List<CompilerDiagnostics.Diagnostic> errors() {
            return diagnostics.stream().filter(CompilerDiagnostics.Diagnostic::isError).toList();
        }
    }

    public Result compile(Path modDir, int objects, Progress progress) {
        List<String> log = new ArrayList<>();
        int[] done = {0};
        Exec.Result r = Exec.of("make", "-C", headersDir.toString(), "M=" + modDir, "-j" + jobs,
                        "KBUILD_MODPOST_WARN=1", "modules")
                .onLine(line -> {
                    synchronized (log) {
                        log.add(line);
                    }
                    progress.log(line);
                    if (CC_LINE.matcher(line).matches()) {
                        done[0]++;
                        progress.step("compile " + line.trim().substring(line.trim().lastIndexOf('/') + 1),
                                Math.min(0.95, done[0] / (double) Math.max(1, objects)));
                    }
                })
                .cancelledBy(progress).keepTail(60).runAllowingFailure();
        List<CompilerDiagnostics.Diagnostic> diags;
        synchronized (log) {
            diags = CompilerDiagnostics.parse(log);
        }
        Path ko = modDir.resolve(ModuleKbuild.MODULE_NAME + ".ko");
        boolean ok = r.exitCode() == 0 && Files.isRegularFile(ko);
        return new Result(ok ? ko : null, diags, r.tail());
    }
}
