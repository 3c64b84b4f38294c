package org.foosched.analysis.collect;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A GCC diagnostic line: {@code file:line:col: error: message}. */
public record CompilerDiagnostic(String file, int line, int col, String severity, String message) {

    private static final Pattern LINE = Pattern.compile(
            "^(\\S[^:]*):(\\d+):(?:(\\d+):)? (fatal error|error|internal compiler error|warning): (.*)$");

    /** A diagnostic of the compiler itself, without position: {@code cc1: error: cannot load plugin ...}. */
    private static final Pattern TOOL = Pattern.compile("^(cc1|gcc|cc1plus|as|ld): (fatal error|error): (.*)$");

    /** Parses one line of compiler output. */
    public static Optional<CompilerDiagnostic> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            Matcher tool = TOOL.matcher(line);
            return tool.matches()
                    ? Optional.of(new CompilerDiagnostic(tool.group(1), 0, 0, tool.group(2), tool.group(3)))
                    : Optional.empty();
        }
        return Optional.of(new CompilerDiagnostic(m.group(1), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), m.group(4), m.group(5)));
    }

    public boolean isError() {
        return !severity.equals("warning");
    }

    /** The same diagnostic with the file relative to {@code prefix} when inside it. */
    public CompilerDiagnostic relativeTo(String prefix) {
        String p = prefix.endsWith("/") ? prefix : prefix + "/";
        return file.startsWith(p)
                ? new CompilerDiagnostic(file.substring(p.length()), line, col, severity, message) : this;
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + (col > 0 ? ":" + col : "") + ": " + severity + ": " + message;
    }
}
