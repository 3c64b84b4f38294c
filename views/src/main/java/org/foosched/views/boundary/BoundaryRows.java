package org.foosched.views.boundary;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.DataPlacement;
import org.foosched.analysis.boundary.FunctionClass;
import org.foosched.analysis.boundary.Problem;
import org.foosched.views.problems.ProblemItem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the boundary panel shows of one analysis, prepared off the UI thread: the rows of the
 * function and data tables, the files of the file filter, the data-table counts, and the
 * analysis' problems (those naming a line of boundary.yaml point at it).
 */
public record BoundaryRows(List<FunctionRow> functions, List<VariableRow> variables, List<String> files,
                           Map<DataPlacement, Integer> placementCounts, List<ProblemItem> problems) {

    private static final Pattern SUBJECT_LINE = Pattern.compile("^(.*):(\\d+)$");

    public static BoundaryRows of(AnalysisResult r, Path configFile) {
        List<FunctionRow> fr = r.functions().stream().map(FunctionRow::of).toList();
        TreeSet<String> fs = new TreeSet<>();
        fr.stream().filter(f -> f.cls() != FunctionClass.OUTSIDE).forEach(f -> fs.add(f.file()));
        List<VariableRow> vr = r.variables().stream().filter(v -> v.inBoundary()).map(VariableRow::of).toList();
        List<ProblemItem> items = new ArrayList<>();
        for (Problem p : r.problems()) {
            Matcher m = SUBJECT_LINE.matcher(p.subject());
            Path f = null;
            int line = 0;
            if (m.matches() && configFile != null && m.group(1).endsWith(configFile.getFileName().toString())) {
                f = configFile;
                line = Integer.parseInt(m.group(2));
            }
            items.add(new ProblemItem(p.severity() == Problem.Severity.ERROR ? ProblemItem.Severity.ERROR
                    : ProblemItem.Severity.WARNING, ProblemItem.Source.ANALYSIS,
                    (f == null ? p.subject() + ": " : "") + p.message(), f, line));
        }
        return new BoundaryRows(fr, vr, List.copyOf(fs), r.countsByPlacement(), items);
    }
}
