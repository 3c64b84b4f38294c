package org.foosched.analysis.kit;

import org.foosched.analysis.elf.ElfFile;
import org.foosched.analysis.env.FooschedHome;
import org.foosched.analysis.fs.Trees;
import org.foosched.analysis.proc.Exec;
import org.foosched.analysis.progress.Progress;
import org.foosched.analysis.source.KernelSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The kit of a kernel the user built themselves (the seed's {@code dev_init}): the built tree
 * is its own headers directory ({@code make -C tree M=…} works in a built tree), its
 * {@code .config} and {@code vmlinux} are the config and the symbols. The collector needs a
 * clean tree to build out of tree, so a clean copy of the sources is kept in the cache; the
 * user's tree is never written to.
 */
public final class BuiltTreeKit {

    private BuiltTreeKit() {
    }

    /** Checks the tree and returns its kit; every missing part is named with what to do. */
    public static Kit of(Path tree) {
        Path t = tree.toAbsolutePath().normalize();
        KernelSource source = KernelSource.at(t);
        List<String> missing = new ArrayList<>();
        Path vmlinux = t.resolve("vmlinux");
        Path config = t.resolve(".config");
        Path release = t.resolve("include/config/kernel.release");
        if (!Files.isRegularFile(config)) {
            missing.add(".config (configure and build the kernel first)");
        }
        if (!Files.isRegularFile(vmlinux)) {
            missing.add("vmlinux (build the kernel first: make -j$(nproc))");
        }
        if (!Files.isRegularFile(release)) {
            missing.add("include/config/kernel.release (run make in the tree)");
        }
        if (!Files.isRegularFile(t.resolve("scripts/mod/modpost"))) {
            missing.add("scripts/mod/modpost (modules cannot be built against the tree: make modules_prepare)");
        }
        if (!missing.isEmpty()) {
            throw new KitException(t + " is not a built kernel tree: it lacks " + String.join(", ", missing));
        }
        requireRelocations(vmlinux);
        String rel;
        try {
            rel = Files.readString(release).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Kit(rel, source.version(), "built tree " + t, t, config, vmlinux, t.resolve("System.map"),
                t.resolve("arch/x86/boot/bzImage"), null, null, null);
    }

    /**
     * Foosched learns who calls the scheduler from vmlinux's relocations; a kernel linked without
     * {@code --emit-relocs} has none.
     */
    static void requireRelocations(Path vmlinux) {
        try (ElfFile elf = ElfFile.open(vmlinux)) {
            if (elf.section(".rela.text").isEmpty()) {
                throw new KitException(vmlinux + " carries no relocations (.rela.text), so Foosched cannot see who "
                        + "calls the scheduler. Relink it with them: add CONFIG_RELOCATABLE=y and CONFIG_RANDOMIZE_BASE=y "
                        + "(x86 then links with --emit-relocs), or run: make LDFLAGS_vmlinux=--emit-relocs vmlinux");
            }
        } catch (IOException e) {
            throw new KitException("cannot read " + vmlinux + ": " + e.getMessage(), e);
        }
    }

    /**
     * A clean copy of the tree's sources (no build products), refreshed on each call, under
     * {@code ~/.cache/foosched/dev-source/}: what the collector compiles out of tree.
     */
    public static KernelSource cleanCopy(Path tree, Progress progress) {
        Path t = tree.toAbsolutePath().normalize();
        Path copy;
        try {
            String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(t.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 16);
            copy = FooschedHome.cache().resolve("dev-source").resolve(key);
            Files.createDirectories(copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        progress.step("copy the sources of " + t + " (without build products)", -1);
        Exec.of("rsync", "-a", "--delete", "--exclude=*.o", "--exclude=*.ko", "--exclude=*.a", "--exclude=vmlinux*",
                        "--exclude=.tmp*", "--exclude=*.cmd", "--exclude=.git", t + "/", copy + "/")
                .cancelledBy(progress).onLine(progress::log).run();
        progress.step("clean the copy (make mrproper)", -1);
        Exec.of("make", "-s", "-C", copy.toString(), "mrproper").cancelledBy(progress).onLine(progress::log).run();
        if (!Files.isRegularFile(copy.resolve("Makefile"))) {
            Trees.deleteTree(copy);
            throw new KitException("copying " + t + " failed");
        }
        return KernelSource.at(copy);
    }
}
