package org.foosched.remote.ssh;

/** POSIX shell quoting for building remote command lines. */
public final class ShellQuote {

    private ShellQuote() {
    }

    /** The word quoted so that any POSIX shell passes it through unchanged as one argument. */
    public static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
