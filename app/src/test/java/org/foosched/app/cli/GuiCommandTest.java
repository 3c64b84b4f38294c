package org.foosched.app.cli;

import org.foosched.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code foosched gui}: what it refuses before it opens a window. */
class GuiCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void isListedWithItsHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("gui");
        assertThat(run("gui", "--help")).isZero();
        assertThat(out.toString()).contains("WORK_DIR").contains("Open the workbench");
    }

    @Test
    void aDirectoryThatIsNoWorkspaceIsRefusedWithWhatToDo() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("plain"));
        assertThat(run("gui", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(dir + " is not a Foosched workspace")
                .contains("foosched init <release> <kernel_src> " + dir)
                .contains("New workspace from a Debian kernel release");
        assertThat(run("gui", tmp.resolve("missing").toString())).isEqualTo(1);
        assertThat(err.toString()).contains(tmp.resolve("missing") + " does not exist");
    }
}
