package org.foosched.remote.ssh;

/**
 * A shell script to run on a host.
 *
 * @param script     POSIX sh script text
 * @param privileged needs root: wrapped in {@code sudo -n} when the login user is not root
 * @param label      short human description for messages ("dpkg -i foo.deb"); the script's first
 *                   line when not given
 */
public record RemoteCommand(String script, boolean privileged, String label) {

    public RemoteCommand {
        if (script == null || script.isBlank()) {
            throw new IllegalArgumentException("empty remote command");
        }
        if (label == null || label.isBlank()) {
            String first = script.strip().lines().findFirst().orElse(script).strip();
            label = first.length() > 60 ? first.substring(0, 57) + "..." : first;
        }
    }

    public static RemoteCommand of(String script) {
        return new RemoteCommand(script, false, null);
    }

    public static RemoteCommand privileged(String script) {
        return new RemoteCommand(script, true, null);
    }

    public RemoteCommand labelled(String newLabel) {
        return new RemoteCommand(script, privileged, newLabel);
    }

    /**
     * The command line sent to sshd for login user {@code user}. The login shell first reports
     * its PID (sshd makes it a process group leader) on stderr behind {@link #PID_MARKER}, so a
     * timed-out or cancelled command can be stopped with its whole process group; then it
     * execs {@code sh -c script}, through {@code sudo -n} when root is needed and the user is not
     * root (-n: fail instead of asking for a password).
     */
    public String commandLine(String user) {
        String inner = "sh -c " + ShellQuote.quote(script);
        if (privileged && !"root".equals(user)) {
            inner = "sudo -n " + inner;
        }
        return "echo " + PID_MARKER + " $$ >&2; exec " + inner;
    }

    /** The command that stops the process group led by {@code pid} (TERM, then KILL after 2 s). */
    static RemoteCommand killGroup(long pid, boolean privileged) {
        String script = "p=" + pid + "\n"
                + "alive() { s=$(sed 's/^.*) //' /proc/$p/stat 2>/dev/null | cut -c1); [ -n \"$s\" ] && [ \"$s\" != Z ]; }\n"
                + "alive || exit 0\n"
                // field 3 after the command name is the process group; kill the group only when
                // the command leads it, never a group it merely belongs to
                + "pg=$(sed 's/^.*) //' /proc/$p/stat 2>/dev/null | cut -d' ' -f3)\n"
                + "if [ \"$pg\" = \"$p\" ]; then t=-$p; else t=$p; fi\n"
                + "kill -TERM $t 2>/dev/null\n"
                + "i=0; while alive && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done\n"
                + "alive && kill -KILL $t 2>/dev/null\n"
                + "exit 0\n";
        return new RemoteCommand(script, privileged, "stop remote process " + pid);
    }

    static final String PID_MARKER = "@@foosched-pid";
}
