package org.foosched.remote.ssh;

/** Receives a remote command's output line by line, as it arrives. Called from reader threads. */
@FunctionalInterface
public interface OutputListener {

    enum Stream { STDOUT, STDERR }

    void line(Stream stream, String line);

    OutputListener NONE = (stream, line) -> {
    };
}
