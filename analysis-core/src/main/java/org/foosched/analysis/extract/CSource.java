package org.foosched.analysis.extract;

import org.foosched.analysis.model.Pos;

import java.util.ArrayList;
import java.util.List;

/**
 * A C source file as text plus a map of what each byte is (code, comment, string, character
 * literal, preprocessor line), so that edits can find the start of a declaration or the end
 * of a statement without being fooled by braces in strings or semicolons in comments. The
 * text is held as ISO-8859-1 so that one char is one byte, matching GCC's columns. The
 * workbench and the change-safety check read C files through it too.
 */
public final class CSource {

    public enum Kind { CODE, COMMENT, STRING, CHAR, PREPROC }

    private final String text;
    private final Kind[] kinds;
    private final int[] lineStarts;

    public CSource(String text) {
        this.text = text;
        this.kinds = classify(text);
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    public String text() {
        return text;
    }

    public int length() {
        return text.length();
    }

    public Kind kind(int offset) {
        return kinds[offset];
    }

    /** Offset of a 1-based line/column position. */
    public int offset(Pos p) {
        if (p.line() < 1 || p.line() > lineStarts.length) {
            throw new IllegalArgumentException("line " + p.line() + " is outside the file (" + lineStarts.length + " lines)");
        }
        int off = lineStarts[p.line() - 1] + Math.max(p.col(), 1) - 1;
        if (off > text.length()) {
            throw new IllegalArgumentException("position " + p + " is outside the file");
        }
        return off;
    }

    public int lineStart(int offset) {
        int i = offset;
        while (i > 0 && text.charAt(i - 1) != '\n') {
            i--;
        }
        return i;
    }

    public int lineOf(int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    /**
     * The first byte of the top-level declaration containing {@code offset}: just after the
     * previous {@code ;} or {@code }} of code, preprocessor line or comment, skipping blanks.
     */
    public int declarationStart(int offset) {
        int i = offset - 1;
        while (i >= 0) {
            Kind k = kinds[i];
            char c = text.charAt(i);
            if (k == Kind.CODE && c == '}') {
                int open = matchingOpen(i);
                if (open >= 0 && isTypeBody(open)) {
                    i = open - 1; // "struct { ... } name": the body is part of this declaration
                    continue;
                }
            }
            if (k == Kind.PREPROC || k == Kind.COMMENT || (k == Kind.CODE && (c == ';' || c == '}' || c == '{'))) {
                break;
            }
            i--;
        }
        int start = i + 1;
        while (start < offset && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        return start;
    }

    /** The offset of the parenthesis closing the one at {@code open}, or -1. */
    int matchingClose(int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            if (kinds[i] != Kind.CODE) {
                continue;
            }
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private int matchingOpen(int close) {
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            if (kinds[i] != Kind.CODE) {
                continue;
            }
            char c = text.charAt(i);
            if (c == '}') {
                depth++;
            } else if (c == '{' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** True when the brace at {@code open} starts a struct, union or enum body. */
    private boolean isTypeBody(int open) {
        int j = open - 1;
        while (j >= 0 && (Character.isWhitespace(text.charAt(j)) || kinds[j] == Kind.COMMENT)) {
            j--;
        }
        int end = j + 1;
        while (j >= 0 && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
            j--;
        }
        String word = text.substring(j + 1, end);
        if (word.equals("struct") || word.equals("union") || word.equals("enum")) {
            return true;
        }
        while (j >= 0 && Character.isWhitespace(text.charAt(j))) {
            j--;
        }
        int end2 = j + 1;
        while (j >= 0 && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
            j--;
        }
        String before = text.substring(j + 1, end2);
        return !word.isEmpty() && (before.equals("struct") || before.equals("union") || before.equals("enum"));
    }

    /** The offset of the {@code ;} ending the statement that starts at {@code from}. */
    public int statementEnd(int from) {
        int depth = 0;
        for (int i = from; i < text.length(); i++) {
            if (kinds[i] != Kind.CODE) {
                continue;
            }
            char c = text.charAt(i);
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == ';' && depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("no ';' ends the statement at line " + lineOf(from));
    }

    /** The top-level {@code =} of an initializer in [from, to), or -1. */
    public int initializer(int from, int to) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            if (kinds[i] != Kind.CODE) {
                continue;
            }
            char c = text.charAt(i);
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == '=' && depth == 0) {
                char next = i + 1 < to ? text.charAt(i + 1) : ' ';
                char prev = i > 0 ? text.charAt(i - 1) : ' ';
                if (next != '=' && "=!<>".indexOf(prev) < 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The code of [from, to) with comments removed and whitespace collapsed. */
    public String code(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (kinds[i] == Kind.COMMENT) {
                continue;
            }
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') {
                    sb.append(' ');
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString().trim();
    }

    private static Kind[] classify(String t) {
        Kind[] k = new Kind[t.length()];
        int i = 0;
        boolean lineStart = true;
        while (i < t.length()) {
            char c = t.charAt(i);
            char n = i + 1 < t.length() ? t.charAt(i + 1) : '\0';
            if (lineStart && c == '#') {
                // A preprocessor line, with its backslash continuations.
                while (i < t.length() && t.charAt(i) != '\n') {
                    if (t.charAt(i) == '/' && i + 1 < t.length() && t.charAt(i + 1) == '*') {
                        int end = t.indexOf("*/", i + 2);
                        end = end < 0 ? t.length() : end + 2;
                        for (; i < end; i++) {
                            k[i] = Kind.PREPROC;
                        }
                        continue;
                    }
                    if (t.charAt(i) == '\\' && i + 1 < t.length() && t.charAt(i + 1) == '\n') {
                        k[i] = Kind.PREPROC;
                        k[i + 1] = Kind.PREPROC;
                        i += 2;
                        continue;
                    }
                    k[i++] = Kind.PREPROC;
                }
                continue;
            }
            if (c == '/' && n == '*') {
                int end = t.indexOf("*/", i + 2);
                end = end < 0 ? t.length() : end + 2;
                for (; i < end; i++) {
                    k[i] = Kind.COMMENT;
                }
                continue;
            }
            if (c == '/' && n == '/') {
                while (i < t.length() && t.charAt(i) != '\n') {
                    k[i++] = Kind.COMMENT;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                Kind kind = c == '"' ? Kind.STRING : Kind.CHAR;
                k[i++] = kind;
                while (i < t.length() && t.charAt(i) != c && t.charAt(i) != '\n') {
                    if (t.charAt(i) == '\\' && i + 1 < t.length()) {
                        k[i++] = kind;
                    }
                    k[i++] = kind;
                }
                if (i < t.length()) {
                    k[i++] = kind;
                }
                lineStart = false;
                continue;
            }
            k[i] = Kind.CODE;
            if (c == '\n') {
                lineStart = true;
            } else if (!Character.isWhitespace(c)) {
                lineStart = false;
            }
            i++;
        }
        return k;
    }
}
