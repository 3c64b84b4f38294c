package org.foosched.remote.vm;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A kernel failure seen on a VM's serial console, with the lines around it.
 *
 * @param kind         what the first matching line showed
 * @param kinds        every kind matched within this event's lines (an oops report holds
 *                     {@code BUG:} and {@code Oops:}, say)
 * @param lineNumber   1-based line number of the first matching line in the console log
 * @param line         that line
 * @param context      lines before it, the line itself, and lines after it
 * @param contextIndex index of {@code line} within {@code context}
 */
public record ConsoleEvent(Kind kind, Set<Kind> kinds, long lineNumber, String line, List<String> context,
                           int contextIndex) {

    public ConsoleEvent {
        kinds = kinds.isEmpty() ? Set.of(kind) : Set.copyOf(kinds);
        context = List.copyOf(context);
    }

    /** What the console can show, most severe first. */
    public enum Kind {
        PANIC("kernel panic", "Kernel panic - not syncing"),
        OOPS("oops", "\\bOops\\b|general protection fault"),
        BUG("BUG", "\\bBUG: |kernel BUG at|hard LOCKUP"),
        HUNG_TASK("hung task", "blocked for more than \\d+ seconds|\\bhung_task"),
        RCU_STALL("RCU stall", "rcu_\\w+ (self-)?detected stalls?|RCU stall|rcu: INFO: .*detected stall"),
        WARNING("kernel warning", "WARNING: CPU: \\d+ PID: \\d+");

        private final String label;
        private final Pattern pattern;

        Kind(String label, String regex) {
            this.label = label;
            this.pattern = Pattern.compile(regex);
        }

        public String label() {
            return label;
        }

        /** The most severe kind this line shows, or {@code null}. */
        public static Kind of(String line) {
            for (Kind k : values()) {
                if (k.pattern.matcher(line).find()) {
                    return k;
                }
            }
            return null;
        }
    }

    public boolean has(Kind k) {
        return kinds.contains(k);
    }

    /** The most severe kind among {@link #kinds}. */
    public Kind worst() {
        return EnumSet.copyOf(kinds).iterator().next();
    }

    /** A report for people: a headline and the context with the matching line marked. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(worst().label()).append(" at console line ").append(lineNumber).append(": ").append(line.strip());
        for (int i = 0; i < context.size(); i++) {
            sb.append('\n').append(i == contextIndex ? "  > " : "    ").append(context.get(i));
        }
        return sb.toString();
    }
}
