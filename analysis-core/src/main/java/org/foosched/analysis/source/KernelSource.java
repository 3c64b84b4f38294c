package org.foosched.analysis.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A kernel source tree: its root and the upstream version its top Makefile declares. */
public record KernelSource(Path root, String version) {

    private static final Pattern VAR = Pattern.compile("^(VERSION|PATCHLEVEL|SUBLEVEL|EXTRAVERSION)\\s*=\\s*(\\S*)\\s*$",
            Pattern.MULTILINE);

    /** Reads the tree at {@code root}; refuses a directory that is not a kernel tree. */
    public static KernelSource at(Path root) {
        Path makefile = root.resolve("Makefile");
        if (!Files.isRegularFile(makefile) || !Files.isDirectory(root.resolve("kernel/sched"))) {
            throw new SourceException(root + " is not a kernel source tree (no Makefile and kernel/sched/); "
                    + "unpack one with: foosched extract_src <linux-source.deb|.tar.xz|.src.rpm> <dir>");
        }
        String text;
        try {
            text = Files.readString(makefile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> vars = new HashMap<>();
        Matcher m = VAR.matcher(text.substring(0, Math.min(text.length(), 4096)));
        while (m.find()) {
            vars.putIfAbsent(m.group(1), m.group(2));
        }
        if (!vars.containsKey("VERSION") || !vars.containsKey("PATCHLEVEL")) {
            throw new SourceException(makefile + " does not declare VERSION and PATCHLEVEL; is this a kernel tree?");
        }
        String v = vars.get("VERSION") + "." + vars.get("PATCHLEVEL")
                + (vars.getOrDefault("SUBLEVEL", "").isEmpty() ? "" : "." + vars.get("SUBLEVEL"))
                + vars.getOrDefault("EXTRAVERSION", "");
        return new KernelSource(root.toAbsolutePath().normalize(), v);
    }

    /** True when the tree holds build products (kbuild with {@code O=} then refuses to run). */
    public boolean isDirty() {
        return Files.exists(root.resolve(".config")) || Files.exists(root.resolve("include/config"));
    }

    /** A source tree is unusable; the message says what to do. */
    public static final class SourceException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SourceException(String message) {
            super(message);
        }
    }
}
