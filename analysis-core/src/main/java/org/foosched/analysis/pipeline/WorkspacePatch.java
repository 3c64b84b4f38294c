package org.foosched.analysis.pipeline;

import org.foosched.analysis.fs.Trees;
import org.foosched.analysis.proc.Exec;
import org.foosched.analysis.progress.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a unified diff to a workspace's module sources with {@code patch}: the diffs
 * {@link WorkspaceDiff} exports ({@code a/core.c}), the seed's form
 * ({@code a/scheduler/kernel/sched/mod/core.c}) and any other prefix depth — the strip level
 * is the one under which the patched files exist. A dry run comes first, so a patch that does
 * not apply cleanly changes nothing.
 */
public final class WorkspacePatch {

    private static final Pattern TARGET = Pattern.compile("^\\+\\+\\+ (\\S+)");
    private static final Pattern SOURCE = Pattern.compile("^--- (\\S+)");

    /** What was patched, and patch's output. */
    public record Result(int stripLevel, List<String> files, List<String> output) {
    }

    private WorkspacePatch() {
    }

    public static Result apply(Path modDir, String diff, Progress progress) {
        List<String[]> files = files(diff);
        if (files.isEmpty()) {
            throw new PatchException("this is not a unified diff (no '--- a/…' / '+++ b/…' lines)");
        }
        int strip = stripLevel(modDir, files);
        Path tmp = null;
        try {
            tmp = Files.createTempFile("foosched-patch", ".diff");
            Files.writeString(tmp, diff);
            List<String> out = new ArrayList<>();
            progress.step("check that the patch applies", -1);
            Exec.Result dry = Exec.of("patch", "-p" + strip, "--dry-run", "--batch", "--forward", "-i", tmp.toString())
                    .in(modDir).onLine(l -> {
                        out.add(l);
                        progress.log(l);
                    }).keepTail(200).runAllowingFailure();
            if (dry.exitCode() != 0) {
                throw new PatchException("the patch does not apply to " + modDir + " (nothing was changed):\n  "
                        + String.join("\n  ", out));
            }
            out.clear();
            progress.step("apply the patch", -1);
            Exec.Result real = Exec.of("patch", "-p" + strip, "--batch", "--forward", "--no-backup-if-mismatch",
                            "-i", tmp.toString())
                    .in(modDir).onLine(l -> {
                        out.add(l);
                        progress.log(l);
                    }).keepTail(200).runAllowingFailure();
            if (real.exitCode() != 0) {
                throw new PatchException("patch failed after a clean dry run:\n  " + String.join("\n  ", out));
            }
            List<String> patched = new ArrayList<>();
            for (String[] f : files) {
                String p = strip(f[1].equals("/dev/null") ? f[0] : f[1], strip);
                if (p != null) {
                    patched.add(p);
                }
            }
            return new Result(strip, patched, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                Trees.deleteTree(tmp);
            }
        }
    }

    /** The {old, new} path pairs of a diff. */
    static List<String[]> files(String diff) {
        List<String[]> out = new ArrayList<>();
        String from = null;
        String[] last = null;
        for (String line : diff.split("\n")) {
            Matcher s = SOURCE.matcher(line);
            if (s.find()) {
                from = s.group(1);
                continue;
            }
            Matcher t = TARGET.matcher(line);
            if (t.find() && from != null) {
                last = new String[] {from, t.group(1)};
                out.add(last);
                from = null;
                continue;
            }
            if (last != null && line.startsWith("@@ ")) {
                // diff -N writes new and deleted files against an empty file, not /dev/null
                if (line.startsWith("@@ -0,0 ")) {
                    last[0] = "/dev/null";
                } else if (line.matches("@@ -\\S+ \\+0,0 @@.*")) {
                    last[1] = "/dev/null";
                }
                last = null;
            }
        }
        return out;
    }

    /** The smallest strip level under which every file the diff modifies exists in {@code dir}. */
    static int stripLevel(Path dir, List<String[]> files) {
        Set<String> modified = new LinkedHashSet<>();
        for (String[] f : files) {
            if (!f[0].equals("/dev/null") && !f[1].equals("/dev/null")) {
                modified.add(f[1]);
            }
        }
        if (modified.isEmpty()) {
            return 1; // only new or deleted files: the exported form
        }
        for (int p = 0; p <= 8; p++) {
            boolean all = true;
            for (String m : modified) {
                String s = strip(m, p);
                if (s == null || !Files.isRegularFile(dir.resolve(s))) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return p;
            }
        }
        throw new PatchException("the patch modifies " + String.join(", ", modified) + ", which are not in " + dir
                + " under any prefix; is it a patch of this scheduler's sources?");
    }

    private static String strip(String path, int level) {
        String p = path;
        for (int i = 0; i < level; i++) {
            int slash = p.indexOf('/');
            if (slash < 0) {
                return null;
            }
            p = p.substring(slash + 1);
        }
        return p.isEmpty() || p.startsWith("/") || p.contains("..") ? null : p;
    }

    /** The patch cannot be applied; the message says why. */
    public static final class PatchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public PatchException(String message) {
            super(message);
        }
    }
}
