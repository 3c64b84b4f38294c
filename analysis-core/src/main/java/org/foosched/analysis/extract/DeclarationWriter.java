package org.foosched.analysis.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a variable definition into the declaration the module uses to share vmlinux's copy:
 * {@code DEFINE_PER_CPU(t, v)} becomes {@code DECLARE_PER_CPU(t, v)}, {@code static struct x
 * v = {...}} becomes {@code extern struct x v}, and so on.
 */
final class DeclarationWriter {

    /** Macros that define a variable, and the declaration of the same variable. {0}, {1}: arguments. */
    private static final Map<String, String> MACROS = Map.ofEntries(
            Map.entry("DEFINE_PER_CPU", "DECLARE_PER_CPU({0}, {1})"),
            Map.entry("DEFINE_PER_CPU_SHARED_ALIGNED", "DECLARE_PER_CPU_SHARED_ALIGNED({0}, {1})"),
            Map.entry("DEFINE_PER_CPU_ALIGNED", "DECLARE_PER_CPU_ALIGNED({0}, {1})"),
            Map.entry("DEFINE_PER_CPU_READ_MOSTLY", "DECLARE_PER_CPU_READ_MOSTLY({0}, {1})"),
            Map.entry("DEFINE_PER_CPU_PAGE_ALIGNED", "DECLARE_PER_CPU_PAGE_ALIGNED({0}, {1})"),
            Map.entry("DEFINE_STATIC_KEY_FALSE", "DECLARE_STATIC_KEY_FALSE({0})"),
            Map.entry("DEFINE_STATIC_KEY_TRUE", "DECLARE_STATIC_KEY_TRUE({0})"),
            Map.entry("DEFINE_STATIC_KEY_FALSE_RO", "DECLARE_STATIC_KEY_FALSE({0})"),
            Map.entry("DEFINE_STATIC_KEY_TRUE_RO", "DECLARE_STATIC_KEY_TRUE({0})"),
            Map.entry("DEFINE_STATIC_CALL", "DECLARE_STATIC_CALL({0}, {1})"),
            Map.entry("DEFINE_STATIC_CALL_NULL", "DECLARE_STATIC_CALL({0}, {1})"),
            Map.entry("DEFINE_STATIC_CALL_RET0", "DECLARE_STATIC_CALL({0}, {1})"),
            Map.entry("DEFINE_MUTEX", "extern struct mutex {0}"),
            Map.entry("DEFINE_SPINLOCK", "extern spinlock_t {0}"),
            Map.entry("DEFINE_RAW_SPINLOCK", "extern raw_spinlock_t {0}"),
            Map.entry("DEFINE_RWLOCK", "extern rwlock_t {0}"),
            Map.entry("DEFINE_SEMAPHORE", "extern struct semaphore {0}"),
            Map.entry("LIST_HEAD", "extern struct list_head {0}"),
            Map.entry("DECLARE_WAIT_QUEUE_HEAD", "extern struct wait_queue_head {0}"),
            Map.entry("DEFINE_WAIT_QUEUE_HEAD", "extern struct wait_queue_head {0}"),
            Map.entry("DEFINE_IDA", "extern struct ida {0}"),
            Map.entry("DECLARE_WORK", "extern struct work_struct {0}"),
            Map.entry("DECLARE_DELAYED_WORK", "extern struct delayed_work {0}"),
            Map.entry("DEFINE_HASHTABLE", "extern struct hlist_head {0}[1 << ({1})]"),
            Map.entry("DEFINE_RATELIMIT_STATE", "extern struct ratelimit_state {0}"),
            Map.entry("DEFINE_SCHED_CLASS", "extern const struct sched_class {0}_sched_class"),
            Map.entry("DECLARE_BITMAP", "extern unsigned long {0}[BITS_TO_LONGS({1})]"),
            Map.entry("DEFINE_PER_CPU_SECTION", "DECLARE_PER_CPU_SECTION({0}, {1}, {2})"),
            Map.entry("DEFINE_STATIC_SRCU", "extern struct srcu_struct {0}"),
            Map.entry("DEFINE_SRCU", "extern struct srcu_struct {0}"));

    private DeclarationWriter() {
    }

    static boolean knowsMacro(String macro) {
        return MACROS.containsKey(macro);
    }

    /**
     * The declaration (without the final {@code ;}) for the definition spanning
     * {@code [start, end)} of {@code src}, whose name or macro invocation is at {@code at}.
     */
    static String declaration(CSource src, int start, int end, int at, String macro, String where) {
        if (macro != null) {
            String template = MACROS.get(macro);
            if (template == null) {
                throw new ExtractionException(where + ": the shared variable is defined by the macro " + macro
                        + "(), which the extractor cannot turn into a declaration; make the variable private "
                        + "(data.force_private) or teach DeclarationWriter the macro");
            }
            List<String> args = macroArguments(src, at, macro)
                    .orElseThrow(() -> new ExtractionException(where + ": cannot read the arguments of " + macro + "()"));
            String out = template;
            for (int i = 0; i < args.size(); i++) {
                out = out.replace("{" + i + "}", args.get(i));
            }
            return out;
        }
        int eq = src.initializer(start, end);
        String def = src.code(start, eq < 0 ? end : eq).trim();
        def = def.replaceFirst("^static\\s+", "").replaceFirst("\\s(static)\\s", " ");
        return "extern " + def;
    }

    private static Optional<List<String>> macroArguments(CSource src, int at, String macro) {
        String text = src.text();
        int nameAt = text.indexOf(macro, at);
        if (nameAt < 0 || nameAt - at > 200) {
            return Optional.empty();
        }
        int open = text.indexOf('(', nameAt + macro.length());
        if (open < 0) {
            return Optional.empty();
        }
        List<String> args = new ArrayList<>();
        int depth = 0;
        int argStart = open + 1;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (src.kind(i) != CSource.Kind.CODE) {
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    args.add(src.code(argStart, i));
                    return Optional.of(args);
                }
            } else if (c == ',' && depth == 1) {
                args.add(src.code(argStart, i));
                argStart = i + 1;
            }
        }
        return Optional.empty();
    }
}
