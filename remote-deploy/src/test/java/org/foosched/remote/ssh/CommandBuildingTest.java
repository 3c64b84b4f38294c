package org.foosched.remote.ssh;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.foosched.remote.testing.Processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandBuildingTest {

    @Test
    void quotingKeepsEveryWordIntactThroughARealShell() throws IOException {
        List<String> words = List.of("plain", "with space", "it's", "$HOME", "`id`", "a\"b", "", "semi;colon", "new\nline");
        StringBuilder cmd = new StringBuilder("printf '%s|' ");
        for (String w : words) {
            cmd.append(ShellQuote.quote(w)).append(' ');
        }
        Processes.Result r = Processes.run(null, Map.of(), 10, List.of("sh", "-c", cmd.toString()));
        assertThat(r.output()).isEqualTo(String.join("|", words) + "|");
        assertThat(ShellQuote.quote("/var/tmp/foosched/x.deb")).isEqualTo("/var/tmp/foosched/x.deb");
        assertThat(ShellQuote.quote("it's")).isEqualTo("'it'\\''s'");
    }

    @Test
    void rootRunsPrivilegedCommandsDirectlyOthersThroughSudoN() {
        RemoteCommand c = RemoteCommand.privileged("dpkg -i '/var/tmp/a b.deb'");
        assertThat(c.commandLine("root"))
                .isEqualTo("echo @@foosched-pid $$ >&2; exec sh -c 'dpkg -i '\\''/var/tmp/a b.deb'\\'''");
        assertThat(c.commandLine("deploy"))
                .isEqualTo("echo @@foosched-pid $$ >&2; exec sudo -n sh -c 'dpkg -i '\\''/var/tmp/a b.deb'\\'''");
        assertThat(RemoteCommand.of("uname -r").commandLine("deploy"))
                .isEqualTo("echo @@foosched-pid $$ >&2; exec sh -c 'uname -r'");
    }

    @Test
    void theCommandLineRunsTheScriptAndReportsItsPidFirst() {
        String line = RemoteCommand.of("echo \"it's $((1+2))\"; exit 4").commandLine("root");
        Processes.Result r = Processes.run(null, Map.of(), 10, List.of("sh", "-c", line + " 2>&1"));
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.output()).matches("(?s)@@foosched-pid \\d+\nit's 3\n");
    }

    @Test
    void labelsDefaultToTheFirstLine() {
        assertThat(RemoteCommand.of("uname -r\nnproc").label()).isEqualTo("uname -r");
        assertThat(RemoteCommand.of("x".repeat(100)).label()).hasSize(60).endsWith("...");
        assertThatThrownBy(() -> RemoteCommand.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKillScriptStopsAWholeProcessGroup() throws Exception {
        // a group leader with a child, as sshd starts commands (setsid)
        Process p = new ProcessBuilder("setsid", "sh", "-c", "sleep 300 & sleep 301; wait").start();
        Thread.sleep(300);
        long pid = p.pid();
        String script = RemoteCommand.killGroup(pid, false).script();
        Processes.Result r = Processes.run(null, Map.of(), 30, List.of("sh", "-c", script));
        assertThat(r.exitCode()).isZero();
        assertThat(p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);
        assertThat(ProcessHandle.allProcesses().filter(h -> {
            String c = h.info().commandLine().orElse("");
            return c.equals("sleep 300") || c.equals("sleep 301");
        }).count()).isZero();
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
    }
}
