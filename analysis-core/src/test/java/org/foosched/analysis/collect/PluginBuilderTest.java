package org.foosched.analysis.collect;

import org.foosched.analysis.testing.RecordingProgress;
import org.foosched.analysis.facts.FactsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginBuilderTest {

    @TempDir
    Path dir;

    private Path copyOfSources() throws IOException {
        Path sources = PluginBuilder.withDefaults().sourceDir();
        Path copy = Files.createDirectories(dir.resolve("plugin-src"));
        try (Stream<Path> files = Files.list(sources)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    @Test
    void buildsOnceIntoTheCacheAndRebuildsWhenTheSourcesChange() throws Exception {
        Path sources = copyOfSources();
        Path cache = dir.resolve("cache");
        RecordingProgress progress = new RecordingProgress();

        Path plugin = new PluginBuilder(sources, cache, "gcc", "g++").build(progress);
        assertThat(plugin).isRegularFile().hasFileName(PluginBuilder.PLUGIN_FILE);
        assertThat(plugin.getParent().getParent()).isEqualTo(cache);
        assertThat(progress.log).anyMatch(l -> l.endsWith("(built)"));
        try (Stream<Path> left = Files.list(cache)) {
            assertThat(left.toList()).as("no temporary build directory left").containsExactly(plugin.getParent());
        }

        RecordingProgress again = new RecordingProgress();
        assertThat(new PluginBuilder(sources, cache, "gcc", "g++").build(again)).isEqualTo(plugin);
        assertThat(again.log).anyMatch(l -> l.endsWith("(cached)"));

        Files.writeString(sources.resolve("foosched_collect.cc"), "\n/* changed */\n",
                java.nio.file.StandardOpenOption.APPEND);
        Path rebuilt = new PluginBuilder(sources, cache, "gcc", "g++").build(new RecordingProgress());
        assertThat(rebuilt).isRegularFile().isNotEqualTo(plugin);

        // and what it built is a working plugin
        Path c = Files.writeString(dir.resolve("t.c"), "static int v; int f(void) { return v; }\n");
        Path facts = Files.createDirectories(dir.resolve("facts"));
        Process gcc = new ProcessBuilder("gcc", "-c", "-O2", "-fplugin=" + rebuilt,
                "-fplugin-arg-foosched_collect-srctree=" + dir, "-fplugin-arg-foosched_collect-out=" + facts,
                c.toString(), "-o", dir.resolve("t.o").toString()).inheritIO().start();
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gcc.exitValue()).isZero();
        assertThat(new FactsReader().read(facts.resolve("t.c.facts.json")).function("f")).isPresent();
    }

    @Test
    void missingPluginHeadersSayWhichPackageToInstall() throws IOException {
        // a stand-in gcc whose plugin directory does not exist, as without gcc-12-plugin-dev
        Path fakeGcc = dir.resolve("fake-gcc");
        Files.writeString(fakeGcc, """
                #!/bin/sh
                case "$1" in
                -dumpfullversion) echo 12.2.0 ;;
                --version) echo "gcc (Fake) 12.2.0" ;;
                -print-file-name=plugin) echo plugin ;;
                esac
                """);
        Files.setPosixFilePermissions(fakeGcc, PosixFilePermissions.fromString("rwxr-xr-x"));
        PluginBuilder builder = new PluginBuilder(copyOfSources(), dir.resolve("cache"), fakeGcc.toString(), "g++");
        assertThatThrownBy(() -> builder.build(new RecordingProgress()))
                .isInstanceOf(CollectException.class).hasMessageContaining("install gcc-12-plugin-dev");
    }

    @Test
    void missingSourcesSayHowToFindThem() {
        PluginBuilder builder = new PluginBuilder(dir.resolve("nowhere"), dir.resolve("cache"), "gcc", "g++");
        assertThatThrownBy(() -> builder.build(new RecordingProgress()))
                .isInstanceOf(CollectException.class).hasMessageContaining("FOOSCHED_HOME");
    }

    @Test
    void theFooschedHomeComesFromTheSystemProperty() {
        String before = System.getProperty("foosched.home");
        try {
            System.setProperty("foosched.home", dir.toString());
            assertThat(PluginBuilder.fooschedHome()).isEqualTo(dir.toAbsolutePath());
            assertThat(PluginBuilder.withDefaults().sourceDir())
                    .isEqualTo(dir.resolve("analysis-core/src/main/plugin"));
        } finally {
            if (before == null) {
                System.clearProperty("foosched.home");
            } else {
                System.setProperty("foosched.home", before);
            }
        }
        assertThat(List.of(PluginBuilder.withDefaults().sourceDir().toFile().list()))
                .contains("foosched_collect.cc", "Makefile");
    }
}
