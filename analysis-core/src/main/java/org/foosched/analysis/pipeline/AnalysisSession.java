package org.foosched.analysis.pipeline;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.Analyzer;
import org.foosched.analysis.boundary.IndexedVmlinuxView;
import org.foosched.analysis.config.BoundaryConfig;
import org.foosched.analysis.facts.FactsFile;
import org.foosched.analysis.facts.FactsReader;
import org.foosched.analysis.model.CodeModel;
import org.foosched.analysis.model.FactsModelBuilder;
import org.foosched.analysis.progress.Progress;
import org.foosched.analysis.vmlinux.VmlinuxIndex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * The facts and the vmlinux index of one kernel, loaded once and kept in memory, so that the
 * boundary can be re-analysed in-process for every configuration change (the workbench does
 * this on each edit; it takes well under a second).
 */
public final class AnalysisSession {

    private final CodeModel model;
    private final VmlinuxIndex index;
    private final IndexedVmlinuxView view;
    private final List<String> units;

    public AnalysisSession(CodeModel model, VmlinuxIndex index, List<String> units) {
        this.model = model;
        this.index = index;
        this.units = List.copyOf(units);
        this.view = new IndexedVmlinuxView(index, model, units);
    }

    /** Loads the facts of a directory and indexes vmlinux (about a second each). */
    public static AnalysisSession load(Path factsDir, Path vmlinux, Path moduleSymvers, List<String> units,
                                       Progress progress) {
        progress.step("read the collector's facts", -1);
        Collection<FactsFile> facts = new FactsReader().readDirectory(factsDir).values();
        CodeModel model = FactsModelBuilder.build(facts);
        progress.step("index vmlinux", -1);
        try {
            VmlinuxIndex index = VmlinuxIndex.build(vmlinux,
                    moduleSymvers != null && Files.isRegularFile(moduleSymvers) ? moduleSymvers : null, progress);
            return new AnalysisSession(model, index, units);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + vmlinux + ": " + e.getMessage(), e);
        }
    }

    public AnalysisResult analyze(BoundaryConfig config) {
        return new Analyzer().analyze(config, model, view);
    }

    public CodeModel model() {
        return model;
    }

    public VmlinuxIndex index() {
        return index;
    }

    public IndexedVmlinuxView view() {
        return view;
    }

    public List<String> units() {
        return units;
    }
}
