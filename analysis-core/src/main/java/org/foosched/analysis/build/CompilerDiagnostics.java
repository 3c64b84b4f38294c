package org.foosched.analysis.build;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads GCC's and modpost's diagnostics from a kbuild log. */
public final class CompilerDiagnostics {

    private static final Pattern GCC = Pattern.compile("^(\\S+?\\.[ch]):(\\d+):(\\d+): (error|warning|fatal error): (.*)$");
    private static final Pattern MODPOST = Pattern.compile("^(ERROR|WARNING): modpost: (.*)$");

    private CompilerDiagnostics() {
    }

    /** One diagnostic, with the file path as the compiler printed it. */
    public record Diagnostic(String file, int line, int col, String severity, String message) {
        public boolean isError() {
            return severity.contains("error") || severity.equals("ERROR");
        }

        @Override
        public String toString() {
            return (file == null ? "modpost" : file + ":" + line + ":" + col) + ": " + severity + ": " + message;
        }
    }

    public static List<Diagnostic> parse(List<String> lines) {
        List<Diagnostic> out = new ArrayList<>();
        for (String l : lines) {
            Diagnostic d = parse(l);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    public static Diagnostic parse(String line) {
        Matcher m = GCC.matcher(line);
        if (m.matches()) {
            return new Diagnostic(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    m.group(4), m.group(5));
        }
        Matcher p = MODPOST.matcher(line);
        if (p.matches()) {
            return new Diagnostic(null, 0, 0, p.group(1), p.group(2));
        }
        return null;
    }
}
