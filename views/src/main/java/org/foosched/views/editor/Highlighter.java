package org.foosched.views.editor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Syntax highlighting as style spans over a text: C (keywords, types, preprocessor lines,
 * comments, strings, numbers, and the extractor's markers, which stand out from comments)
 * and the boundary YAML (keys, comments, list entries). Pure: the editor turns the spans into
 * RichTextFX styles, tests read them.
 */
public final class Highlighter {

    /** A run of {@code length} characters in one style ("" for plain text). */
    public record Span(String style, int length) {
    }

    private static final String[] C_KEYWORDS = {"auto", "break", "case", "const", "continue", "default", "do", "else",
            "enum", "extern", "for", "goto", "if", "inline", "register", "restrict", "return", "sizeof", "static",
            "struct", "switch", "typedef", "union", "volatile", "while", "__always_inline", "__init", "__sched",
            "notrace", "noinline", "asm", "__asm__", "typeof", "__typeof__", "__attribute__", "_Bool"};
    private static final String[] C_TYPES = {"void", "char", "short", "int", "long", "float", "double", "signed",
            "unsigned", "bool", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "size_t", "ssize_t",
            "atomic_t", "atomic64_t", "raw_spinlock_t", "spinlock_t", "cpumask_t", "ktime_t"};

    private static final Pattern C = Pattern.compile(
            "(?<MARKER>/\\*\\s*(?:DON'T MODIFY|FOOSCHED)[^*]*(?:\\*(?!/)[^*]*)*\\*/)"
                    + "|(?<COMMENT>/\\*[^*]*\\*+(?:[^/*][^*]*\\*+)*/|//[^\\n]*)"
                    + "|(?<PREPROC>(?m:^[ \\t]*#[ \\t]*\\w+))"
                    + "|(?<STRING>\"(?:[^\"\\\\\\n]|\\\\.)*\")"
                    + "|(?<CHAR>'(?:[^'\\\\\\n]|\\\\.)*')"
                    + "|(?<KEYWORD>\\b(?:" + String.join("|", C_KEYWORDS) + ")\\b)"
                    + "|(?<TYPE>\\b(?:" + String.join("|", C_TYPES) + ")\\b)"
                    + "|(?<NUMBER>\\b(?:0[xX][0-9a-fA-F]+|\\d+(?:\\.\\d+)?)[uUlL]*\\b)"
                    + "|(?<MACRO>\\b[A-Z][A-Z0-9_]{2,}\\b)");

    private static final Pattern YAML = Pattern.compile(
            "(?<COMMENT>#[^\\n]*)"
                    + "|(?<KEY>(?m:^[ \\t]*[A-Za-z_][A-Za-z0-9_]*(?=\\s*:)))"
                    + "|(?<DASH>(?m:^[ \\t]*-))"
                    + "|(?<STRING>'[^'\\n]*'|\"[^\"\\n]*\")");

    private static final String[] C_GROUPS = {"MARKER", "COMMENT", "PREPROC", "STRING", "CHAR", "KEYWORD", "TYPE",
            "NUMBER", "MACRO"};
    private static final String[] YAML_GROUPS = {"COMMENT", "KEY", "DASH", "STRING"};

    private Highlighter() {
    }

    public static List<Span> c(String text) {
        return spans(C, C_GROUPS, text);
    }

    public static List<Span> yaml(String text) {
        return spans(YAML, YAML_GROUPS, text);
    }

    /** Spans for a file by its name: C for .c and .h, YAML for .yaml, none otherwise. */
    public static List<Span> forFile(String fileName, String text) {
        if (fileName.endsWith(".c") || fileName.endsWith(".h")) {
            return c(text);
        }
        if (fileName.endsWith(".yaml") || fileName.endsWith(".yml")) {
            return yaml(text);
        }
        return List.of(new Span("", text.length()));
    }

    private static List<Span> spans(Pattern p, String[] groups, String text) {
        List<Span> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        int last = 0;
        while (m.find()) {
            String style = "";
            for (String g : groups) {
                if (m.group(g) != null) {
                    style = g.toLowerCase();
                    break;
                }
            }
            if (m.start() > last) {
                out.add(new Span("", m.start() - last));
            }
            out.add(new Span(style, m.end() - m.start()));
            last = m.end();
        }
        if (last < text.length() || out.isEmpty()) {
            out.add(new Span("", text.length() - last));
        }
        return out;
    }
}
