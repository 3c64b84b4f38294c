package org.foosched.analysis.safety;

import org.foosched.analysis.extract.CSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The top-level definitions of a C file, found without a compiler: function definitions (name,
 * signature, body) and struct, union and enum definitions (name, members). It reads the
 * extracted scheduler's files, which the collector's positions (of the original kernel source)
 * no longer match once the user edits them; the change-safety check compares two outlines and
 * the workbench's editor navigates with one. Braces in strings, comments and preprocessor lines
 * are ignored ({@link CSource}).
 */
public final class COutline {

    /**
     * A function definition.
     *
     * @param name      its name ({@code SYSCALL_DEFINE1(sched_yield)} for a macro-made one)
     * @param start     offset of its first token (after any comment before it)
     * @param open      offset of the body's {@code {}
     * @param close     offset of the body's {@code }}
     * @param line      1-based line of {@code start}
     * @param endLine   1-based line of {@code close}
     * @param nameAt    offset of the name
     * @param signature the code from {@code start} to the body, comments removed, blanks collapsed
     * @param body      the body's code, normalised the same way
     */
    public record Function(String name, int start, int open, int close, int line, int endLine, int nameAt,
                           String signature, String body) {
    }

    /**
     * A struct, union or enum definition.
     *
     * @param kind    {@code struct}, {@code union} or {@code enum}
     * @param name    its tag, or the typedef name of an anonymous one
     * @param members each member declaration (or enumerator list, or preprocessor line), normalised
     */
    public record Struct(String kind, String name, int start, int open, int close, int line, int endLine,
                         List<String> members) {
    }

    /** Words that take parentheses before a function's name (attributes and annotations). */
    private static final Set<String> NOT_NAMES = Set.of("__attribute__", "__attribute", "__section", "__aligned",
            "__printf", "__scanf", "__acquires", "__releases", "__must_hold", "__cond_lock", "__alloc_size",
            "__assume_aligned", "__alias", "__diag_push", "__diag_pop", "__diag_ignore", "__nocfi", "__ATTR",
            "__typeof__", "typeof", "__typeof", "__nonstring", "__counted_by", "__access", "sizeof",
            "__cleanup", "__designated_init", "__malloc", "__visible", "__aligned_largest", "__no_sanitize_address",
            "__latent_entropy", "__ro_after_init", "__ref", "__used", "__weak", "__cold", "__pure",
            "__always_unused", "__maybe_unused", "__noreturn", "__init", "__exit", "__sched", "notrace", "inline",
            "__always_inline", "noinline", "static", "extern", "const", "volatile", "unsigned", "signed", "__deprecated",
            "__must_check", "__rcu", "__percpu", "__user", "__iomem", "__kprobes", "__irq_entry", "__cpuidle",
            "__noinstr_section", "noinstr", "if", "while", "for", "switch", "return");

    private final CSource src;
    private final List<Function> functions;
    private final List<Struct> structs;

    private COutline(CSource src, List<Function> functions, List<Struct> structs) {
        this.src = src;
        this.functions = Collections.unmodifiableList(functions);
        this.structs = Collections.unmodifiableList(structs);
    }

    /** The outline of a file's text (read it as ISO-8859-1 so columns are bytes, as GCC counts). */
    public static COutline of(String text) {
        CSource src = new CSource(text);
        List<Function> fns = new ArrayList<>();
        List<Struct> structs = new ArrayList<>();
        int i = 0;
        int n = src.length();
        while (i < n) {
            if (src.kind(i) == CSource.Kind.CODE && src.text().charAt(i) == '{') {
                int close = matchClose(src, i);
                if (close < 0) {
                    break; // unbalanced: the rest of the file is not readable as definitions
                }
                classify(src, i, close, fns, structs);
                i = close + 1;
            } else {
                i++;
            }
        }
        return new COutline(src, fns, structs);
    }

    /**
     * Code in a form where only tokens count: blanks are kept only between two identifier or
     * number characters ({@code int  *p} and {@code int *p} compare equal, {@code intp} does not).
     */
    public static String canonical(String code) {
        StringBuilder sb = new StringBuilder(code.length());
        String c = code.trim();
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (Character.isWhitespace(ch)) {
                int j = i;
                while (j < c.length() && Character.isWhitespace(c.charAt(j))) {
                    j++;
                }
                if (sb.length() > 0 && j < c.length() && isIdent(sb.charAt(sb.length() - 1)) && isIdent(c.charAt(j))) {
                    sb.append(' ');
                }
                i = j - 1;
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    public CSource source() {
        return src;
    }

    public String text() {
        return src.text();
    }

    public List<Function> functions() {
        return functions;
    }

    public List<Struct> structs() {
        return structs;
    }

    /** The first definition of {@code name}. */
    public Optional<Function> function(String name) {
        return functions.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The function whose definition (signature or body) contains {@code offset}. */
    public Optional<Function> functionAt(int offset) {
        return functions.stream().filter(f -> offset >= f.start() && offset <= f.close()).findFirst();
    }

    public int lineOf(int offset) {
        return src.lineOf(Math.min(Math.max(offset, 0), Math.max(0, src.length() - 1)));
    }

    private static void classify(CSource src, int open, int close, List<Function> fns, List<Struct> structs) {
        String t = src.text();
        int prev = prevCode(src, open - 1);
        if (prev < 0) {
            return;
        }
        char pc = t.charAt(prev);
        if (pc == '=' || pc == ',' || pc == '(' || pc == '[') {
            return; // an initializer
        }
        int wordEnd = prev + 1;
        int wordStart = wordEnd;
        while (wordStart > 0 && isIdent(t.charAt(wordStart - 1)) && src.kind(wordStart - 1) == CSource.Kind.CODE) {
            wordStart--;
        }
        String word = t.substring(wordStart, wordEnd);
        if (word.equals("struct") || word.equals("union") || word.equals("enum")) {
            structs.add(struct(src, word, null, wordStart, open, close));
            return;
        }
        if (!word.isEmpty()) {
            int p2 = prevCode(src, wordStart - 1);
            if (p2 >= 0) {
                int s2 = p2 + 1;
                while (s2 > 0 && isIdent(t.charAt(s2 - 1))) {
                    s2--;
                }
                String kw = t.substring(s2, p2 + 1);
                if (kw.equals("struct") || kw.equals("union") || kw.equals("enum")) {
                    structs.add(struct(src, kw, word, s2, open, close));
                    return;
                }
            }
        }
        int start = declarationStart(src, open);
        int[] name = functionName(src, start, open);
        if (name == null) {
            return;
        }
        String fname = t.substring(name[0], name[1]);
        if (name.length > 2) {
            fname = fname + "(" + t.substring(name[2], name[3]) + ")";
        }
        fns.add(new Function(fname, start, open, close, src.lineOf(start), src.lineOf(close), name[0],
                src.code(start, open), src.code(open, close + 1)));
    }

    private static Struct struct(CSource src, String kind, String tag, int kwAt, int open, int close) {
        int start = declarationStart(src, open);
        String name = tag;
        if (name == null) {
            // typedef struct { ... } name;
            int i = nextCode(src, close + 1);
            int e = i;
            while (e >= 0 && e < src.length() && isIdent(src.text().charAt(e))) {
                e++;
            }
            name = i >= 0 && e > i ? src.text().substring(i, e) : "(anonymous " + kind + " at line " + src.lineOf(kwAt) + ")";
        }
        return new Struct(kind, name, start, open, close, src.lineOf(start), src.lineOf(close), members(src, open, close));
    }

    /** Member declarations split at top-level {@code ;} (enumerators at {@code ,}), preprocessor lines apart. */
    private static List<String> members(CSource src, int open, int close) {
        List<String> out = new ArrayList<>();
        String t = src.text();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        int i = open + 1;
        while (i < close) {
            CSource.Kind k = src.kind(i);
            char c = t.charAt(i);
            if (k == CSource.Kind.COMMENT) {
                i++;
                continue;
            }
            if (k == CSource.Kind.PREPROC) {
                int e = i;
                while (e < close && src.kind(e) == CSource.Kind.PREPROC) {
                    e++;
                }
                String line = t.substring(i, e).replaceAll("/\\*.*?\\*/", " ").replaceAll("\\\\\\n", " ")
                        .replaceAll("\\s+", " ").trim();
                if (!line.isEmpty()) {
                    out.add(line);
                }
                i = e;
                continue;
            }
            if (k == CSource.Kind.CODE) {
                if (c == '(' || c == '{' || c == '[') {
                    depth++;
                } else if (c == ')' || c == '}' || c == ']') {
                    depth--;
                } else if ((c == ';' || c == ',' && isEnum(src, open)) && depth == 0) {
                    add(out, cur);
                    i++;
                    continue;
                }
            }
            cur.append(Character.isWhitespace(c) ? ' ' : c);
            i++;
        }
        add(out, cur);
        return out;
    }

    private static boolean isEnum(CSource src, int open) {
        int p = prevCode(src, open - 1);
        String before = src.text().substring(Math.max(0, p - 40), p + 1);
        return before.matches("(?s).*\\benum(\\s+[A-Za-z_][A-Za-z0-9_]*)?\\s*$");
    }

    private static void add(List<String> out, StringBuilder cur) {
        String m = cur.toString().replaceAll("\\s+", " ").trim();
        if (!m.isEmpty()) {
            out.add(m);
        }
        cur.setLength(0);
    }

    /**
     * The name of the function whose signature is [start, open): the identifier before the first
     * top-level parameter list that is not an attribute. {start, end} of the name, plus {start, end}
     * of the first argument when the name is a macro in capitals (SYSCALL_DEFINE1(name, ...)).
     */
    private static int[] functionName(CSource src, int start, int open) {
        String t = src.text();
        int depth = 0;
        for (int i = start; i < open; i++) {
            if (src.kind(i) != CSource.Kind.CODE) {
                continue;
            }
            char c = t.charAt(i);
            if (c == '(') {
                if (depth == 0) {
                    int e = i;
                    while (e > start && Character.isWhitespace(t.charAt(e - 1))) {
                        e--;
                    }
                    int s = e;
                    while (s > start && isIdent(t.charAt(s - 1))) {
                        s--;
                    }
                    String word = t.substring(s, e);
                    if (!word.isEmpty() && !Character.isDigit(word.charAt(0)) && !NOT_NAMES.contains(word)) {
                        if (word.matches("[A-Z][A-Z0-9_]*")) {
                            int as = i + 1;
                            while (as < open && Character.isWhitespace(t.charAt(as))) {
                                as++;
                            }
                            int ae = as;
                            while (ae < open && isIdent(t.charAt(ae))) {
                                ae++;
                            }
                            if (ae > as) {
                                return new int[] {s, e, as, ae};
                            }
                        }
                        return new int[] {s, e};
                    }
                }
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '*' && depth == 1) {
                // "int (*fn(void))(int)": a function returning a function pointer; keep looking inside
                continue;
            }
        }
        return null;
    }

    /** First code character of the declaration ending at {@code open}: after the previous ; } { or preprocessor line. */
    private static int declarationStart(CSource src, int open) {
        String t = src.text();
        int i = open - 1;
        while (i >= 0) {
            CSource.Kind k = src.kind(i);
            if (k == CSource.Kind.PREPROC) {
                break;
            }
            if (k == CSource.Kind.CODE) {
                char c = t.charAt(i);
                if (c == ';' || c == '}' || c == '{') {
                    break;
                }
            }
            i--;
        }
        int s = nextCode(src, i + 1);
        return s < 0 || s > open ? open : s;
    }

    private static int prevCode(CSource src, int from) {
        for (int i = from; i >= 0; i--) {
            if (src.kind(i) == CSource.Kind.CODE && !Character.isWhitespace(src.text().charAt(i))) {
                return i;
            }
            if (src.kind(i) == CSource.Kind.PREPROC) {
                continue;
            }
        }
        return -1;
    }

    private static int nextCode(CSource src, int from) {
        for (int i = from; i < src.length(); i++) {
            if (src.kind(i) == CSource.Kind.CODE && !Character.isWhitespace(src.text().charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int matchClose(CSource src, int open) {
        int depth = 0;
        String t = src.text();
        for (int i = open; i < src.length(); i++) {
            if (src.kind(i) != CSource.Kind.CODE) {
                continue;
            }
            char c = t.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isIdent(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
