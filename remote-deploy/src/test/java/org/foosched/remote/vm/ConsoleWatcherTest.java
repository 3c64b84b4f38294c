package org.foosched.remote.vm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleWatcherTest {

    @TempDir
    Path tmp;

    private static void append(Path f, String text) throws IOException {
        Files.writeString(f, text, StandardCharsets.ISO_8859_1, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void reportsAPanicWrittenWhileWatchingEvenWhenTheConsoleStopsMidTrace() throws Exception {
        Path log = tmp.resolve("vm1").resolve("console.log");
        Files.createDirectories(log.getParent());
        LinkedBlockingQueue<ConsoleEvent> events = new LinkedBlockingQueue<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        append(log, "[ 0.1] booting\r\n[ 0.2] still booting\r\n");
        try (ConsoleWatcher w = ConsoleWatcher.start(log, new ConsoleListener() {
            @Override
            public void onEvent(ConsoleEvent event) {
                events.add(event);
            }

            @Override
            public void onLine(String line) {
                lines.add(line);
            }
        })) {
            Thread.sleep(300);
            append(log, "[ 9.0] sysrq: Trigger a crash\r\n[ 9.1] Kernel panic - not sy");
            Thread.sleep(300);
            append(log, "ncing: sysrq triggered crash\r\n[ 9.2] CPU: 0 PID: 1 Comm: sh\r\n");
            // no more output: the watcher reports after a quiet second instead of waiting for 20 lines
            ConsoleEvent e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            assertThat(e.kind()).isEqualTo(ConsoleEvent.Kind.PANIC);
            assertThat(e.line()).isEqualTo("[ 9.1] Kernel panic - not syncing: sysrq triggered crash");
            assertThat(e.lineNumber()).isEqualTo(4);
            assertThat(e.context()).containsExactly("[ 0.1] booting", "[ 0.2] still booting",
                    "[ 9.0] sysrq: Trigger a crash", "[ 9.1] Kernel panic - not syncing: sysrq triggered crash",
                    "[ 9.2] CPU: 0 PID: 1 Comm: sh");
            assertThat(w.events()).containsExactly(e);
            assertThat(lines).hasSize(5);
            assertThat(w.linesRead()).isEqualTo(5);
        }
    }

    @Test
    void aReplacedConsoleFileIsReadFromItsStart() throws Exception {
        Path log = tmp.resolve("vm2").resolve("console.log");
        Files.createDirectories(log.getParent());
        LinkedBlockingQueue<ConsoleEvent> events = new LinkedBlockingQueue<>();
        append(log, "old run line\nKernel panic - not syncing: first\n");
        try (ConsoleWatcher w = ConsoleWatcher.start(log, events::add)) {
            ConsoleEvent first = events.poll(10, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.line()).endsWith("first");

            // a new run: the log moves aside and a fresh one starts
            Files.move(log, log.resolveSibling("console.previous.log"));
            append(log, "new run\nBUG: scheduling while atomic: swapper/0\n");
            ConsoleEvent second = events.poll(10, TimeUnit.SECONDS);
            assertThat(second).isNotNull();
            assertThat(second.kind()).isEqualTo(ConsoleEvent.Kind.BUG);
            assertThat(second.lineNumber()).isEqualTo(2);
            assertThat(second.context()).containsExactly("new run", "BUG: scheduling while atomic: swapper/0");
        }
    }

    @Test
    void waitsForAFileThatDoesNotExistYet() throws Exception {
        Path log = tmp.resolve("vm3").resolve("console.log");
        Files.createDirectories(log.getParent());
        LinkedBlockingQueue<ConsoleEvent> events = new LinkedBlockingQueue<>();
        try (ConsoleWatcher w = ConsoleWatcher.start(log, events::add)) {
            Thread.sleep(250);
            append(log, "INFO: task sh:1 blocked for more than 120 seconds.\n");
            ConsoleEvent e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            assertThat(e.kind()).isEqualTo(ConsoleEvent.Kind.HUNG_TASK);
        }
    }
}
