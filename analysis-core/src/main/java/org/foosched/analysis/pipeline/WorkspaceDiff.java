package org.foosched.analysis.pipeline;

import org.foosched.analysis.fs.Trees;
import org.foosched.analysis.proc.Exec;

import java.io.IOException;
import java.io.UncheckedIOException;

import java.nio.file.Files;
import java.nio.file.Path;

/** The user's edits: a unified diff of the pristine extraction against the current tree. */
public final class WorkspaceDiff {

    private WorkspaceDiff() {
    }

    /**
     * Empty when nothing changed; otherwise {@code diff -ruN} output with {@code a/} and
     * {@code b/} prefixes, the form {@code patch -p1} and {@code git apply} take.
     */
    public static String unified(Path pristine, Path current) {
        if (!Files.isDirectory(pristine) || !Files.isDirectory(current)) {
            return "";
        }
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("foosched-diff");
            Files.createSymbolicLink(tmp.resolve("a"), pristine.toAbsolutePath());
            Files.createSymbolicLink(tmp.resolve("b"), current.toAbsolutePath());
            StringBuilder sb = new StringBuilder();
            Exec.Result r = Exec.of("diff", "-ruN", "--exclude=*.o", "--exclude=*.ko", "--exclude=.*",
                            "--exclude=*.mod", "--exclude=*.mod.c", "--exclude=Module.symvers",
                            "--exclude=modules.order", "a/", "b/")
                    .in(tmp).onLine(l -> sb.append(l).append('\n')).keepTail(1).runAllowingFailure();
            if (r.exitCode() > 1) {
                throw new IllegalStateException("diff failed: " + sb);
            }
            return sb.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                Trees.deleteTree(tmp);
            }
        }
    }
}
