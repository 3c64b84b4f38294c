package org.foosched.remote.deploy;

import org.foosched.remote.ssh.ExecResult;
import org.foosched.remote.ssh.RemoteCommand;
import org.foosched.remote.ssh.ShellQuote;
import org.foosched.remote.ssh.SshSession;

import java.time.Duration;

/** Polls a module's state on the host until it is enabled, or until it is gone. */
final class ModuleWatch {

    private ModuleWatch() {
    }

    /** Module names go into shell patterns and paths: only what the kernel allows. */
    static String checked(String module) {
        if (!module.matches("[A-Za-z0-9_-]{1,55}")) {
            throw new IllegalArgumentException("not a kernel module name: " + module);
        }
        return module;
    }

    static String enabledScript(String module, Duration timeout) {
        checked(module);
        return String.join("\n",
                "f=/sys/kernel/foosched/" + ShellQuote.quote(module) + "/enable; i=0; v=",
                "while [ $i -lt " + ticks(timeout) + " ]; do",
                "  v=$(cat \"$f\" 2>/dev/null || true)",
                "  [ \"$v\" = 1 ] && { echo enabled; exit 0; }",
                "  sleep 0.2; i=$((i+1))",
                "done",
                "echo \"enable=${v:-missing}\"; exit 1");
    }

    static String goneScript(String module, Duration timeout) {
        checked(module);
        String m = ShellQuote.quote(module);
        return String.join("\n",
                "i=0",
                "while [ $i -lt " + ticks(timeout) + " ]; do",
                "  if ! grep -q \"^" + module.replace("-", "_") + " \" /proc/modules && [ ! -d /sys/kernel/foosched/" + m + " ]; then",
                "    echo gone; exit 0",
                "  fi",
                "  sleep 0.2; i=$((i+1))",
                "done",
                "echo still-loaded; exit 1");
    }

    /** True when {@code /sys/kernel/foosched/<module>/enable} read 1 within the timeout. */
    static boolean awaitEnabled(SshSession ssh, String module, Duration timeout) {
        ExecResult r = ssh.run(RemoteCommand.of(enabledScript(module, timeout)).labelled("wait for " + module + " enabled"),
                org.foosched.remote.ssh.OutputListener.NONE, timeout.plusSeconds(30), org.foosched.analysis.progress.Progress.NONE);
        return r.ok();
    }

    /** True when the module left {@code /proc/modules} and its sysfs directory within the timeout. */
    static boolean awaitGone(SshSession ssh, String module, Duration timeout) {
        ExecResult r = ssh.run(RemoteCommand.of(goneScript(module, timeout)).labelled("wait for " + module + " to unload"),
                org.foosched.remote.ssh.OutputListener.NONE, timeout.plusSeconds(30), org.foosched.analysis.progress.Progress.NONE);
        return r.ok();
    }

    private static long ticks(Duration timeout) {
        return Math.max(1, timeout.toMillis() / 200);
    }
}
