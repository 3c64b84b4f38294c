package org.foosched.analysis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the small ELF test objects from {@code src/test/resources/elf-fixture} with the
 * host's gcc and ld, once per test JVM, under {@code target/elf-fixture}:
 * {@link #linked()} is an executable linked with {@code --emit-relocs} and a kernel-like
 * linker script; {@link #relocatable()} is the {@code ld -r} combination of the same objects.
 */
public final class ElfFixture {

    private static final String[] SOURCES = {"a.c", "b.c", "c.c", "d.c", "fixture.lds"};
    private static final List<String> CFLAGS = List.of("-O2", "-fno-pic", "-fno-pie",
            "-fno-asynchronous-unwind-tables", "-fno-unwind-tables", "-fno-stack-protector",
            "-fcf-protection=none");
    private static Path dir;

    private ElfFixture() {
    }

    /** The executable ({@code gcc -nostdlib -Wl,--emit-relocs}). */
    public static synchronized Path linked() throws IOException, InterruptedException {
        return build().resolve("fixture.elf");
    }

    /** The relocatable object ({@code ld -r}). */
    public static synchronized Path relocatable() throws IOException, InterruptedException {
        return build().resolve("fixture.o");
    }

    /** The directory holding the sources and outputs. */
    public static synchronized Path directory() throws IOException, InterruptedException {
        return build();
    }

    private static Path build() throws IOException, InterruptedException {
        if (dir != null) {
            return dir;
        }
        Path d = Path.of("target", "elf-fixture").toAbsolutePath();
        Files.createDirectories(d);
        for (String s : SOURCES) {
            try (InputStream in = ElfFixture.class.getResourceAsStream("/elf-fixture/" + s)) {
                if (in == null) {
                    throw new IOException("test resource /elf-fixture/" + s + " is missing");
                }
                Files.copy(in, d.resolve(s), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        cc(d, "a.c", "a.o");
        cc(d, "b.c", "b.o", "-ffunction-sections", "-fdata-sections");
        cc(d, "c.c", "c.o", "-pg", "-mfentry");
        cc(d, "d.c", "d.o", "-fno-reorder-blocks-and-partition");
        run(d, "ld", "-r", "-o", "fixture.o", "a.o", "b.o", "c.o", "d.o");
        run(d, "gcc", "-nostdlib", "-no-pie", "-static", "-Wl,--emit-relocs", "-Wl,-T,fixture.lds",
                "-o", "fixture.elf", "a.o", "b.o", "c.o", "d.o");
        dir = d;
        return d;
    }

    private static void cc(Path d, String src, String out, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("gcc");
        cmd.addAll(CFLAGS);
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("-c", src, "-o", out));
        run(d, cmd.toArray(String[]::new));
    }

    /** Runs a command in {@code d} and returns its standard output; fails with its output on error. */
    public static String run(Path d, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(d.toFile()).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + cmd[0] + " (install build-essential/binutils): " + e.getMessage(), e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " timed out");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed with " + p.exitValue() + ":\n" + text);
        }
        return text;
    }
}
