package org.foosched.remote.vm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleScannerTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = ConsoleScannerTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void sysrqPanicOnARealConsoleIsOneEventWithContext() throws IOException {
        String log = resource("console-sysrq-panic.log");
        List<ConsoleEvent> events = ConsoleScanner.scan(log);

        assertThat(events).hasSize(1);
        ConsoleEvent e = events.get(0);
        assertThat(e.kind()).isEqualTo(ConsoleEvent.Kind.PANIC);
        assertThat(e.line()).contains("Kernel panic - not syncing: sysrq triggered crash");
        // the line number is the panic's line in the file (1-based)
        List<String> lines = List.of(log.split("\n", -1));
        assertThat(ConsoleScanner.stripCarriageReturns(lines.get((int) e.lineNumber() - 1))).isEqualTo(e.line());
        // context: what led there, the line, and the trace after it
        assertThat(e.context().subList(0, e.contextIndex())).anyMatch(l -> l.contains("sysrq: Trigger a crash"));
        assertThat(e.context().get(e.contextIndex())).isEqualTo(e.line());
        assertThat(e.context().subList(e.contextIndex() + 1, e.context().size()))
                .anyMatch(l -> l.contains("Call Trace:"))
                .anyMatch(l -> l.contains("sysrq_handle_crash"));
        assertThat(e.contextIndex()).isEqualTo(ConsoleScanner.DEFAULT_BEFORE);
        assertThat(e.context()).hasSize(ConsoleScanner.DEFAULT_BEFORE + 1 + ConsoleScanner.DEFAULT_AFTER);
        assertThat(e.context()).noneMatch(l -> l.endsWith("\r"));
        assertThat(e.describe()).startsWith("kernel panic at console line " + e.lineNumber() + ": ")
                .contains("  > " + e.line());
    }

    @Test
    void aCleanBootShowsNothing() throws IOException {
        String log = resource("console-sysrq-panic.log");
        String boot = log.substring(0, log.indexOf("sysrq: Trigger a crash"));
        assertThat(boot.lines().count()).isGreaterThan(300);
        assertThat(ConsoleScanner.scan(boot)).isEmpty();
    }

    @Test
    void anOopsReportIsOneEventAndTheLaterPanicAnother() throws IOException {
        List<ConsoleEvent> events = ConsoleScanner.scan(resource("console-oops.log"));

        assertThat(events).hasSize(2);
        ConsoleEvent oops = events.get(0);
        assertThat(oops.kind()).isEqualTo(ConsoleEvent.Kind.BUG);
        assertThat(oops.line()).contains("BUG: kernel NULL pointer dereference");
        assertThat(oops.kinds()).containsExactlyInAnyOrder(ConsoleEvent.Kind.BUG, ConsoleEvent.Kind.OOPS);
        assertThat(oops.worst()).isEqualTo(ConsoleEvent.Kind.OOPS);
        assertThat(oops.lineNumber()).isEqualTo(3);
        assertThat(oops.contextIndex()).isEqualTo(2); // only two lines before it exist
        assertThat(oops.context().get(0)).contains("loading the scheduler module");
        assertThat(oops.context()).anyMatch(l -> l.contains("pick_next_task_fair+0x3a"));

        ConsoleEvent panic = events.get(1);
        assertThat(panic.kind()).isEqualTo(ConsoleEvent.Kind.PANIC);
        assertThat(panic.line()).contains("Attempted to kill the idle task!");
        // the console ended two lines later: the event is flushed with what there is
        assertThat(panic.context().subList(panic.contextIndex() + 1, panic.context().size())).hasSize(2);
    }

    @Test
    void hungTasksAndRcuStallsAreReported() throws IOException {
        List<ConsoleEvent> events = ConsoleScanner.scan(resource("console-stalls.log"));

        assertThat(events).extracting(ConsoleEvent::kind)
                .containsExactly(ConsoleEvent.Kind.HUNG_TASK, ConsoleEvent.Kind.RCU_STALL);
        assertThat(events.get(0).line()).contains("blocked for more than 120 seconds");
        assertThat(events.get(0).context()).anyMatch(l -> l.contains("workload started"));
        assertThat(events.get(1).line()).contains("rcu_preempt self-detected stall on CPU");
        assertThat(events.get(1).context()).anyMatch(l -> l.contains("ticks this GP"));
    }

    @Test
    void otherStallAndWarningFormats() {
        assertThat(ConsoleEvent.Kind.of("[ 1.0] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:"))
                .isEqualTo(ConsoleEvent.Kind.RCU_STALL);
        assertThat(ConsoleEvent.Kind.of("rcu_sched self-detected stall on CPU")).isEqualTo(ConsoleEvent.Kind.RCU_STALL);
        assertThat(ConsoleEvent.Kind.of("[ 9.1] INFO: RCU stall in the scheduler")).isEqualTo(ConsoleEvent.Kind.RCU_STALL);
        assertThat(ConsoleEvent.Kind.of("[ 2.0] hung_task: blocked tasks")).isEqualTo(ConsoleEvent.Kind.HUNG_TASK);
        assertThat(ConsoleEvent.Kind.of("[ 3.0] watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [stress-ng:300]"))
                .isEqualTo(ConsoleEvent.Kind.BUG);
        assertThat(ConsoleEvent.Kind.of("[ 3.0] kernel BUG at kernel/sched/core.c:2212!")).isEqualTo(ConsoleEvent.Kind.BUG);
        assertThat(ConsoleEvent.Kind.of("[ 4.0] general protection fault, probably for non-canonical address 0xdead: 0000 [#1]"))
                .isEqualTo(ConsoleEvent.Kind.OOPS);
        assertThat(ConsoleEvent.Kind.of("[ 5.0] WARNING: CPU: 1 PID: 0 at kernel/sched/fair.c:4567 update_curr+0x1/0x2"))
                .isEqualTo(ConsoleEvent.Kind.WARNING);
        // a line with two kinds counts as the worse one
        assertThat(ConsoleEvent.Kind.of("Kernel panic - not syncing: Oops")).isEqualTo(ConsoleEvent.Kind.PANIC);
    }

    @Test
    void ordinaryLinesAreNotFailures() {
        for (String line : List.of("[ 0.1] BUGS: none", "Oopsie daisy", "debugfs mounted", "a warning: disk 80% full",
                "rcu: Hierarchical RCU implementation.", "[ 0.2] Detected 2 CPUs, panic_on_warn=0")) {
            assertThat(ConsoleEvent.Kind.of(line)).as(line).isNull();
        }
    }

    @Test
    void afterContextCompletesWithoutFlushAndBeforeContextIsBounded() {
        List<ConsoleEvent> events = new ArrayList<>();
        ConsoleScanner s = new ConsoleScanner(2, 3, events::add);
        for (int i = 1; i <= 5; i++) {
            s.accept("line " + i);
        }
        s.accept("Kernel panic - not syncing: test\r\r");
        s.accept("a");
        s.accept("b");
        assertThat(events).isEmpty();
        assertThat(s.hasPending()).isTrue();
        s.accept("c");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).context())
                .containsExactly("line 4", "line 5", "Kernel panic - not syncing: test", "a", "b", "c");
        assertThat(events.get(0).lineNumber()).isEqualTo(6);
        s.accept("d");
        s.flush();
        assertThat(events).hasSize(1);
        assertThat(s.lineCount()).isEqualTo(10);
    }
}
