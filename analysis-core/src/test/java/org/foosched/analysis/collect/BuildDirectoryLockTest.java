package org.foosched.analysis.collect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuildDirectoryLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondCollectionInTheSameBuildDirectoryIsRefusedUntilTheFirstEnds() {
        Path build = dir.resolve("build");
        try (BuildDirectoryLock first = BuildDirectoryLock.acquire(build)) {
            assertThatThrownBy(() -> BuildDirectoryLock.acquire(build)).isInstanceOf(CollectException.class)
                    .hasMessageContaining("in use by another collection");
        }
        BuildDirectoryLock.acquire(build).close();
    }
}
