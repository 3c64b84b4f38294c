package org.foosched.remote.ssh;

import java.time.Duration;

/**
 * How a remote command ended.
 *
 * @param exitCode the remote exit status
 * @param stdout   standard output (as much as was captured, see {@link SshSession#run})
 * @param stderr   standard error, without foosched's own marker lines
 * @param duration wall time from channel open to close
 */
public record ExecResult(int exitCode, String stdout, String stderr, Duration duration) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** The last non-empty line of stderr, or of stdout when stderr is empty; for messages. */
    public String lastErrorLine() {
        String last = lastLine(stderr);
        return last.isEmpty() ? lastLine(stdout) : last;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
}
