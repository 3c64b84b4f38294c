package org.foosched.app.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Common frame of the remote commands: options, progress on stderr, and one clear message plus
 * an exit code ({@link ExitCodes}) for every failure; with --json the error is a JSON object too.
 */
abstract class RemoteCommandBase implements Callable<Integer> {

    @Mixin
    RemoteOptions options;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Does the work; returns the exit code for success paths. */
    abstract int execute(CliProgress progress) throws Exception;

    @Override
    public final Integer call() {
        CliProgress progress = new CliProgress(err());
        CountDownLatch done = new CountDownLatch(1);
        // Ctrl-C: ask the work to stop (remote commands are then stopped on the host) and give it
        // a moment to do so before the JVM exits
        Thread hook = new Thread(() -> {
            progress.cancel();
            try {
                done.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "foosched-cancel");
        boolean hooked = registerCancelHook(hook);
        try {
            return execute(progress);
        } catch (RuntimeException e) {
            return fail(e);
        } catch (Exception e) {
            return fail(e);
        } finally {
            done.countDown();
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down already
                }
            }
        }
    }

    private int fail(Exception e) {
        int code = ExitCodes.of(e);
        String message = e instanceof UncheckedIOException u && u.getCause() != null
                ? e.getMessage() + ": " + u.getCause().getMessage() : e.getMessage();
        if (message == null) {
            message = e.toString();
        }
        err().println("foosched: " + message);
        err().flush();
        if (options.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("error", message);
            json.put("reason", ExitCodes.reason(e));
            json.put("exitCode", code);
            out().println(Json.write(json));
            out().flush();
        }
        return code;
    }

    private static boolean registerCancelHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    void printJson(Object value) {
        out().println(Json.write(value));
        out().flush();
    }
}
