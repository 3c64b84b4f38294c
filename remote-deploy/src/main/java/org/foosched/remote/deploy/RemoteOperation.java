package org.foosched.remote.deploy;

import org.foosched.analysis.progress.Progress;
import org.foosched.remote.ssh.ExecResult;
import org.foosched.remote.ssh.OutputListener;
import org.foosched.remote.ssh.RemoteCommand;
import org.foosched.remote.ssh.ShellQuote;
import org.foosched.remote.ssh.SshSession;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A package-manager run that survives the SSH connection: started detached on the host
 * ({@code setsid}, SIGHUP ignored), its output and exit code written to files under
 * {@code /var/tmp/foosched/ops/<id>/}. A dropped connection does not stop it, and whoever
 * connects next (a re-run, {@code foosched status}) learns how it ended.
 */
public final class RemoteOperation {

    public static final String BASE = "/var/tmp/foosched/ops";
    static final String RC_MARKER = "@@foosched-rc ";

    /** How a recorded operation stands. */
    public enum State { RUNNING, FINISHED, INTERRUPTED }

    /**
     * The last operation recorded on a host.
     *
     * @param id       operation id
     * @param what     what it does ("install foosched-x 1.0")
     * @param started  start time on the host, seconds since the epoch
     * @param state    running, finished, or interrupted (process gone without an exit code:
     *                 killed, or the host rebooted)
     * @param exitCode when finished
     * @param logTail  the last lines of its output
     */
    public record Record(String id, String what, long started, State state, Integer exitCode, List<String> logTail) {
    }

    /** @param exitCode the command's exit code, or {@code null} when it was interrupted */
    public record Outcome(Integer exitCode, List<String> log) {
    }

    private RemoteOperation() {
    }

    static String newId() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")) + "-"
                + HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
                        (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
    }

    /** The script that records and starts {@code command} detached; prints {@code started}. */
    static String startScript(String id, String what, String command) {
        String dir = BASE + "/" + id;
        // setsid: a session of its own, so nothing tied to the SSH connection reaches it; HUP
        // ignored as nohup would (without needing nohup, which minimal hosts lack); output to files
        String inner = "trap '' HUP; (" + command + ") >\"$1/log\" 2>&1 </dev/null; echo $? >\"$1/rc.tmp\";"
                + " mv -f \"$1/rc.tmp\" \"$1/rc\"";
        return String.join("\n",
                "set -e",
                "d=" + ShellQuote.quote(dir),
                "mkdir -p \"$d\"",
                "printf '%s\\n' " + ShellQuote.quote(what) + " >\"$d/what\"",
                "date +%s >\"$d/started\"",
                "printf '%s\\n' " + ShellQuote.quote(id) + " >" + BASE + "/last.tmp",
                "mv -f " + BASE + "/last.tmp " + BASE + "/last",
                "cd /",
                // /bin/sh by path: a busybox setsid would otherwise run its own shell
                "setsid /bin/sh -c " + ShellQuote.quote(inner) + " sh \"$d\" >/dev/null 2>&1 </dev/null &",
                "echo $! >\"$d/pid\"",
                "echo started");
    }

    /**
     * Prints the operation's output as it grows, then {@code @@foosched-rc N} (or
     * {@code interrupted} when its process is gone without an exit code).
     */
    static String awaitScript(String id, int skip) {
        String dir = BASE + "/" + id;
        return String.join("\n",
                "d=" + ShellQuote.quote(dir),
                "[ -d \"$d\" ] || { echo \"no operation " + id + " on this host\" >&2; exit 3; }",
                ALIVE,
                "n=" + Math.max(0, skip),
                // the rest of the log, ending in a newline so the marker gets a line of its own
                "flush() { tail -n +$((n+1)) \"$d/log\" 2>/dev/null;"
                        + " [ -n \"$(tail -c 1 \"$d/log\" 2>/dev/null)\" ] && echo; return 0; }",
                "while :; do",
                "  if [ -f \"$d/log\" ]; then",
                "    t=$(wc -l <\"$d/log\")",
                "    if [ \"$t\" -gt \"$n\" ]; then sed -n \"$((n+1)),${t}p\" \"$d/log\"; n=$t; fi",
                "  fi",
                "  [ -e \"$d/rc\" ] && break",
                "  p=$(cat \"$d/pid\" 2>/dev/null || true)",
                "  if [ -n \"$p\" ] && ! alive \"$p\"; then sleep 0.2; [ -e \"$d/rc\" ] && break;"
                        + " flush; echo '" + RC_MARKER + "interrupted'; exit 0; fi",
                "  sleep 0.2",
                "done",
                "flush",
                "echo \"" + RC_MARKER + "$(cat \"$d/rc\")\"");
    }

    /**
     * {@code alive PID}: the process exists and is not a zombie (an init that is slow to reap,
     * as in some containers, must not make a dead operation look alive).
     */
    static final String ALIVE = "alive() { s=$(sed 's/^.*) //' \"/proc/$1/stat\" 2>/dev/null | cut -c1);"
            + " [ -n \"$s\" ] && [ \"$s\" != Z ] && [ \"$s\" != X ]; }";

    static final String LAST_SCRIPT = String.join("\n",
            ALIVE,
            "b=" + BASE,
            "[ -f $b/last ] || { echo none; exit 0; }",
            "id=$(cat $b/last); d=$b/$id",
            "echo \"id=$id\"",
            "echo \"what=$(cat $d/what 2>/dev/null)\"",
            "echo \"started=$(cat $d/started 2>/dev/null)\"",
            "p=$(cat $d/pid 2>/dev/null || true)",
            "if [ -e $d/rc ]; then echo \"rc=$(cat $d/rc)\";"
                    + " elif [ -n \"$p\" ] && alive \"$p\"; then echo state=running; else echo state=interrupted; fi",
            "tail -n 15 $d/log 2>/dev/null | sed 's/^/log|/'",
            "exit 0");

    /** Starts the command detached on the host and returns the operation id. */
    public static String start(SshSession ssh, String what, String command) {
        String id = newId();
        ExecResult r = ssh.run(RemoteCommand.privileged(startScript(id, what, command)).labelled("start " + what));
        if (!r.ok() || !r.stdout().contains("started")) {
            throw new DeployException(DeployException.Reason.INSTALL_FAILED, "cannot start '" + what + "' on host "
                    + ssh.host().name() + " (exit " + r.exitCode() + "): " + r.lastErrorLine());
        }
        return id;
    }

    /**
     * Waits for the operation, passing its output lines after the first {@code skip} on as they
     * appear (a reconnecting caller skips what it saw already). Throws
     * {@link org.foosched.remote.ssh.SshException} (TIMEOUT, CONNECTION_LOST) when waiting fails;
     * the operation itself goes on regardless.
     */
    public static Outcome await(SshSession ssh, String id, Duration timeout, OutputListener listener, Progress progress) {
        return await(ssh, id, timeout, listener, progress, 0);
    }

    public static Outcome await(SshSession ssh, String id, Duration timeout, OutputListener listener, Progress progress,
                                int skip) {
        AtomicReference<String> rc = new AtomicReference<>();
        java.util.List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecResult r = ssh.run(RemoteCommand.of(awaitScript(id, skip)).labelled("wait for operation " + id),
                (stream, line) -> {
                    if (line.startsWith(RC_MARKER)) {
                        rc.set(line.substring(RC_MARKER.length()).strip());
                        return;
                    }
                    if (stream == OutputListener.Stream.STDOUT) {
                        log.add(line);
                    }
                    listener.line(stream, line);
                }, timeout, progress);
        if (!r.ok() || rc.get() == null) {
            throw new DeployException(DeployException.Reason.OUTCOME_UNKNOWN, "cannot learn how operation " + id
                    + " on host " + ssh.host().name() + " ended: " + r.lastErrorLine());
        }
        String code = rc.get();
        if (code.equals("interrupted")) {
            return new Outcome(null, log);
        }
        try {
            return new Outcome(Integer.parseInt(code), log);
        } catch (NumberFormatException e) {
            return new Outcome(null, log);
        }
    }

    /** The last recorded operation, if any. */
    public static Optional<Record> last(SshSession ssh) {
        ExecResult r = ssh.run(RemoteCommand.of(LAST_SCRIPT).labelled("read the last operation"));
        return parseLast(r.stdout());
    }

    static Optional<Record> parseLast(String output) {
        String id = null;
        String what = "";
        long started = 0;
        State state = null;
        Integer rc = null;
        List<String> tail = new java.util.ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("id=")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("what=")) {
                what = line.substring(5).strip();
            } else if (line.startsWith("started=")) {
                try {
                    started = Long.parseLong(line.substring(8).strip());
                } catch (NumberFormatException e) {
                    started = 0;
                }
            } else if (line.startsWith("rc=")) {
                state = State.FINISHED;
                try {
                    rc = Integer.parseInt(line.substring(3).strip());
                } catch (NumberFormatException e) {
                    state = State.INTERRUPTED;
                }
            } else if (line.equals("state=running")) {
                state = State.RUNNING;
            } else if (line.equals("state=interrupted")) {
                state = State.INTERRUPTED;
            } else if (line.startsWith("log|")) {
                tail.add(line.substring(4));
            }
        }
        if (id == null || state == null) {
            return Optional.empty();
        }
        return Optional.of(new Record(id, what, started, state, rc, tail));
    }
}
