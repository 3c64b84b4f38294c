package org.foosched.remote.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds kernel failures in console lines fed one at a time: each match becomes a
 * {@link ConsoleEvent} with up to {@code before} lines before it and {@code after} lines after
 * it. Matches within the after-lines of an event belong to that event (one oops report is one
 * event). An event is emitted once its after-lines are complete, or on {@link #flush()}.
 * Not thread-safe: one feeder.
 */
public final class ConsoleScanner {

    public static final int DEFAULT_BEFORE = 5;
    public static final int DEFAULT_AFTER = 20;

    private final int before;
    private final int after;
    private final Consumer<ConsoleEvent> sink;
    private final Deque<String> recent = new ArrayDeque<>();
    private long lineNumber;
    private Pending pending;

    private static final class Pending {
        ConsoleEvent.Kind kind;
        Set<ConsoleEvent.Kind> kinds;
        long lineNumber;
        String line;
        List<String> context;
        int index;
        int afterLeft;
    }

    public ConsoleScanner(Consumer<ConsoleEvent> sink) {
        this(DEFAULT_BEFORE, DEFAULT_AFTER, sink);
    }

    public ConsoleScanner(int before, int after, Consumer<ConsoleEvent> sink) {
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException("context sizes must not be negative");
        }
        this.before = before;
        this.after = after;
        this.sink = sink;
    }

    /** Feeds the next console line (without its line end; trailing CRs are dropped). */
    public void accept(String rawLine) {
        String line = stripCarriageReturns(rawLine);
        lineNumber++;
        ConsoleEvent.Kind kind = ConsoleEvent.Kind.of(line);
        if (pending != null) {
            pending.context.add(line);
            if (kind != null) {
                pending.kinds.add(kind);
            }
            if (--pending.afterLeft <= 0) {
                emit();
            }
        } else if (kind != null) {
            pending = new Pending();
            pending.kind = kind;
            pending.kinds = EnumSet.of(kind);
            pending.lineNumber = lineNumber;
            pending.line = line;
            pending.context = new ArrayList<>(recent);
            pending.index = pending.context.size();
            pending.context.add(line);
            pending.afterLeft = after;
            if (after == 0) {
                emit();
            }
        }
        recent.addLast(line);
        if (recent.size() > before) {
            recent.removeFirst();
        }
    }

    /** Emits an event still waiting for its after-lines (the console went quiet or ended). */
    public void flush() {
        if (pending != null) {
            emit();
        }
    }

    public boolean hasPending() {
        return pending != null;
    }

    /** Lines fed so far. */
    public long lineCount() {
        return lineNumber;
    }

    private void emit() {
        Pending p = pending;
        pending = null;
        sink.accept(new ConsoleEvent(p.kind, p.kinds, p.lineNumber, p.line, p.context, p.index));
    }

    /** A serial console ends lines with CR LF, sometimes CR CR LF; keep the text only. */
    static String stripCarriageReturns(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return end == line.length() ? line : line.substring(0, end);
    }

    /** All events in a whole console log (a missing file has none). */
    public static List<ConsoleEvent> scan(Path consoleLog) {
        if (!Files.isRegularFile(consoleLog)) {
            return new ArrayList<>();
        }
        try {
            return scan(Files.readString(consoleLog, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + consoleLog, e);
        }
    }

    /** All events in some console text; lines end at LF only (CRs are not line ends here). */
    public static List<ConsoleEvent> scan(String text) {
        List<ConsoleEvent> events = new ArrayList<>();
        ConsoleScanner scanner = new ConsoleScanner(events::add);
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            scanner.accept(text.substring(start, end));
            start = end + 1;
        }
        scanner.flush();
        return events;
    }
}
