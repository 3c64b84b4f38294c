package org.foosched.analysis.collect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The facts of one compiled unit and what it was compiled from.
 *
 * @param unit        e.g. {@code kernel/sched/build_policy.c}
 * @param factsFile   its facts ({@link org.foosched.analysis.facts.FactsReader} reads it)
 * @param sourceFiles files of the source tree it depends on, relative to the tree: the unit,
 *                    the {@code .c} files it includes, every header (e.g.
 *                    {@code kernel/workqueue_internal.h}); from kbuild's {@code .<obj>.cmd}
 * @param buildFiles  generated files it depends on, relative to the build directory
 *                    (e.g. {@code include/generated/bounds.h})
 * @param compileTime from kbuild starting the compiler on it to the facts being written
 */
public record UnitFacts(String unit, Path factsFile, List<String> sourceFiles, List<String> buildFiles,
                        Duration compileTime) {

    public UnitFacts {
        sourceFiles = List.copyOf(sourceFiles);
        buildFiles = List.copyOf(buildFiles);
    }
}
