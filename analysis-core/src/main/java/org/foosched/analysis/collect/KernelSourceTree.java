package org.foosched.analysis.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks a kernel source tree before an out-of-tree build ({@code make O=...}). Kbuild writes
 * nothing into a clean source tree in that mode; a tree that was configured or built in place
 * makes kbuild stop (or, worse, mix its generated files into ours), so it is refused.
 */
final class KernelSourceTree {

    /** What kbuild itself checks (Makefile's outputmakefile), plus include/generated. */
    private static final List<String> IN_TREE_BUILD_MARKERS = List.of(
            ".config", "include/config", "include/generated", "arch/x86/include/generated");

    private KernelSourceTree() {
    }

    /** Returns the real path of a clean kernel source tree, or throws saying what to do. */
    static Path requireClean(Path tree) {
        if (!Files.isDirectory(tree)) {
            throw new CollectException("kernel source tree " + tree + " does not exist");
        }
        if (!Files.isRegularFile(tree.resolve("Makefile")) || !Files.isDirectory(tree.resolve("kernel/sched"))
                || !Files.isRegularFile(tree.resolve("scripts/Kbuild.include"))) {
            throw new CollectException(tree + " is not a kernel source tree (no Makefile, kernel/sched/ or "
                    + "scripts/Kbuild.include): give the top directory of an unpacked linux-source tarball");
        }
        for (String marker : IN_TREE_BUILD_MARKERS) {
            if (Files.exists(tree.resolve(marker))) {
                throw new CollectException("kernel source tree " + tree + " is not clean (it has " + marker
                        + " from an in-tree configuration or build): run 'make mrproper' in it, or use a fresh "
                        + "copy; Foosched builds out of tree (make O=...) and never writes into the source tree");
            }
        }
        try {
            return tree.toRealPath();
        } catch (java.io.IOException e) {
            throw new CollectException("cannot resolve kernel source tree " + tree + ": " + e.getMessage(), e);
        }
    }

    /** Paths with blanks cannot go through kbuild's KCFLAGS and command files. */
    static void requireNoBlanks(String what, Path path) {
        if (path.toString().chars().anyMatch(Character::isWhitespace)) {
            throw new CollectException(what + " " + path + " contains blanks, which kbuild cannot handle: "
                    + "use a path without spaces");
        }
    }
}
