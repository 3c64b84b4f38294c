package org.foosched.app.cli;

import org.foosched.app.Main;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the foosched CLI in-process as a user types it, capturing what it prints. */
record CliRun(int rc, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(args);
        System.out.print(out);
        System.out.print(err);
        return new CliRun(rc, out.toString(), err.toString());
    }
}
