package org.foosched.remote.vm;

import org.foosched.analysis.progress.Progress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Makes sure the test host image of a release exists and is current, by running
 * {@code testbed/build-image.sh RELEASE OUTDIR}. The script itself compares its input stamp
 * and returns at once when nothing changed, builds into a temporary directory otherwise and
 * renames into place; this class streams its output to the progress log.
 */
public final class ImageBuilder {

    private final VmLocations locations;
    private final Path script;

    public ImageBuilder(VmLocations locations, Path script) {
        this.locations = locations;
        this.script = script;
    }

    /** The build script of this Foosched installation (see {@link #locateScript()}). */
    public static ImageBuilder forInstallation(VmLocations locations) {
        return new ImageBuilder(locations, locateScript());
    }

    /**
     * {@code testbed/build-image.sh} below the Foosched home: the {@code foosched.home} system
     * property or {@code FOOSCHED_HOME} (both set by the launcher and the build), else the
     * nearest parent of the working directory that has it.
     */
    public static Path locateScript() {
        Path rel = Path.of("testbed", "build-image.sh");
        for (String home : new String[] {System.getProperty("foosched.home"), System.getenv("FOOSCHED_HOME")}) {
            if (home != null && !home.isBlank() && Files.isRegularFile(Path.of(home).resolve(rel))) {
                return Path.of(home).resolve(rel).toAbsolutePath();
            }
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(rel))) {
                return d.resolve(rel);
            }
        }
        throw new VmException("cannot find testbed/build-image.sh; run foosched through its launcher"
                + " (it sets FOOSCHED_HOME) or from the Foosched source tree");
    }

    /** Builds the image if needed and returns it. */
    public TestbedImage ensure(String release, Progress progress) {
        new KernelKits(locations.kitsDir()).require(release);
        Path out = locations.imageDir(release);
        progress.step("test host image for " + release, -1);
        List<String> cmd = List.of("bash", script.toString(), release, out.toString());
        progress.log("$ " + String.join(" ", cmd));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("FOOSCHED_KITS", locations.kitsDir().toString());
        pb.environment().putIfAbsent("FOOSCHED_TESTBED_CACHE", locations.cacheRoot().resolve("testbed/debs").toString());
        Deque<String> tail = new ArrayDeque<>();
        int rc;
        Process p = null;
        try {
            p = pb.start();
            p.getOutputStream().close();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("build-image: [")) {
                        progress.step(line.substring("build-image: ".length()), -1);
                    }
                    progress.log(line);
                    tail.addLast(line);
                    if (tail.size() > 40) {
                        tail.removeFirst();
                    }
                    if (progress.isCancelled()) {
                        stop(p);
                    }
                }
            }
            rc = p.waitFor();
        } catch (IOException e) {
            throw new VmException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            stop(p);
            Thread.currentThread().interrupt();
            throw new VmException("interrupted while building the test host image");
        }
        progress.checkCancelled();
        if (rc != 0) {
            throw new VmException("building the test host image for " + release + " failed (exit " + rc + "):\n"
                    + String.join("\n", tail));
        }
        TestbedImage image = new TestbedImage(release, out);
        if (!image.isComplete()) {
            throw new VmException(script + " finished but " + out + " is incomplete; delete it and retry");
        }
        return image;
    }

    /**
     * Ends the build: its children first (bash runs its cleanup trap only once the command it
     * waits for has ended), then the script, whose trap removes the temporary directory.
     */
    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
    }
}
