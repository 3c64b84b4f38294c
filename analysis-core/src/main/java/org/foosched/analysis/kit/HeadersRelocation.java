package org.foosched.analysis.kit;

import org.foosched.analysis.fs.Trees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code linux-headers-<release>/Makefile} includes the {@code -common} package's
 * Makefile by absolute path ({@code /usr/src/...}). In a kit the packages live under
 * {@code root/}, so the include is made relative to the Makefile's own directory; kbuild then
 * takes the common directory as its source tree, as it does on an installed system.
 */
final class HeadersRelocation {

    private static final Pattern ABSOLUTE = Pattern.compile("(?m)^include /usr/src/([^/\\s]+)/Makefile\\s*$");

    private HeadersRelocation() {
    }

    /** Rewrites the include if it is absolute; idempotent. */
    static void apply(Path headersDir) {
        Path makefile = headersDir.resolve("Makefile");
        if (!Files.isRegularFile(makefile)) {
            return;
        }
        try {
            String text = Files.readString(makefile);
            Matcher m = ABSOLUTE.matcher(text);
            if (!m.find()) {
                return;
            }
            String relative = "include $(dir $(lastword $(MAKEFILE_LIST)))../" + m.group(1) + "/Makefile";
            Trees.writeAtomically(makefile, m.replaceFirst(Matcher.quoteReplacement(relative)) );
        } catch (IOException e) {
            throw new UncheckedIOException("cannot adjust " + makefile, e);
        }
    }
}
