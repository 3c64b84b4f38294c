package org.foosched.remote.vm;

/** What a command run on a VM returned. {@code exitCode} 255 is ssh's own failure. */
public record CommandResult(int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }
}
