package org.foosched.analysis.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.DataPlacement;
import org.foosched.analysis.boundary.FunctionClass;
import org.foosched.analysis.boundary.FunctionResult;
import org.foosched.analysis.boundary.Problem;
import org.foosched.analysis.boundary.VariableResult;
import org.foosched.analysis.fs.Trees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code boundary_report.md} and {@code boundary_report.json}: counts of functions per class
 * and per file, the seed's data table with every variable of the boundary, the functions
 * vmlinux will jump from (with sympos), and the problems found.
 */
public final class BoundaryReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final AnalysisResult result;
    private final String release;

    public BoundaryReport(AnalysisResult result, String release) {
        this.result = result;
        this.release = release;
    }

    public void write(Path markdown, Path json) {
        Trees.writeAtomically(markdown, markdown());
        try {
            Trees.writeAtomically(json, JSON.writeValueAsString(jsonModel()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Object> jsonModel() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", 1);
        root.put("release", release);
        Map<String, Object> functions = new LinkedHashMap<>();
        functions.put("counts", labels(result.countsByClass()));
        Map<String, Object> perFile = new LinkedHashMap<>();
        result.countsByFile().forEach((f, c) -> perFile.put(f, labels(c)));
        functions.put("per_file", perFile);
        List<Map<String, Object>> redirected = new ArrayList<>();
        for (FunctionResult f : result.redirected()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", f.name());
            r.put("file", f.def().id().file());
            r.put("class", f.cls().label());
            r.put("symbol", f.symbol().name());
            r.put("sympos", f.symbol().sympos());
            r.put("fentry", f.symbol().fentry());
            redirected.add(r);
        }
        functions.put("redirected", redirected);
        root.put("functions", functions);
        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        result.countsByPlacement().forEach((p, n) -> counts.put(cell(p), n));
        data.put("counts", counts);
        List<Map<String, Object>> table = new ArrayList<>();
        for (VariableResult v : result.variables()) {
            if (!v.inBoundary()) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", v.name());
            row.put("file", v.def().id().file());
            row.put("shared", v.placement().shared());
            row.put("critical", v.placement().critical());
            row.put("action", v.placement().action().label());
            row.put("reason", v.reason().describe());
            if (!v.warnings().isEmpty()) {
                row.put("warnings", v.warnings());
            }
            table.add(row);
        }
        data.put("table", table);
        root.put("data", data);
        root.put("problems", result.problems().stream().map(Problem::toString).toList());
        return root;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Boundary report — ").append(release).append("\n\n");
        md.append("## Functions by class\n\n| class | functions |\n|---|---:|\n");
        result.countsByClass().forEach((c, n) -> md.append("| ").append(c.label()).append(" | ").append(n).append(" |\n"));
        md.append("\n## Functions per file\n\n| file |");
        FunctionClass[] classes = FunctionClass.values();
        for (FunctionClass c : classes) {
            md.append(' ').append(c.label()).append(" |");
        }
        md.append("\n|---|");
        md.append("---:|".repeat(classes.length)).append('\n');
        result.countsByFile().forEach((f, c) -> {
            md.append("| ").append(f).append(" |");
            for (FunctionClass k : classes) {
                md.append(' ').append(c.getOrDefault(k, 0)).append(" |");
            }
            md.append('\n');
        });
        md.append("\n## Data (the seed's table)\n\n|  | critical | non-critical |\n|---|---|---|\n");
        Map<DataPlacement, Integer> pc = result.countsByPlacement();
        md.append("| private | ").append(pc.getOrDefault(DataPlacement.PRIVATE_CRITICAL, 0)).append(" rebuild | ")
                .append(pc.getOrDefault(DataPlacement.PRIVATE, 0)).append(" re-init |\n");
        md.append("| shared | ").append(pc.getOrDefault(DataPlacement.SHARED_CRITICAL, 0)).append(" rebuild | ")
                .append(pc.getOrDefault(DataPlacement.SHARED, 0)).append(" inherit |\n");
        md.append("\n| variable | file | placement | action | why |\n|---|---|---|---|---|\n");
        for (VariableResult v : result.variables()) {
            if (v.inBoundary()) {
                md.append("| ").append(v.name()).append(" | ").append(v.def().id().file()).append(" | ")
                        .append(cell(v.placement())).append(" | ").append(v.placement().action().label()).append(" | ")
                        .append(v.reason().describe().replace("|", "\\|"))
                        .append(v.warnings().isEmpty() ? "" : " — **" + String.join("; ", v.warnings()) + "**")
                        .append(" |\n");
            }
        }
        List<FunctionResult> redirected = result.redirected();
        md.append("\n## Redirected functions (").append(redirected.size()).append(")\n\n")
                .append("vmlinux's entry of each jumps into the module (`name,sympos` as in sysfs).\n\n");
        for (FunctionResult f : redirected) {
            md.append("- `").append(f.symbol().display()).append("` — ").append(f.cls().label())
                    .append(f.symbol().fentry() ? "" : " (notrace)").append('\n');
        }
        md.append("\n## Outsider roots\n\nUsed directly from outside the boundary; each keeps the listed number of "
                + "functions in vmlinux. Making a root an interface keeps its chain inside the module.\n\n"
                + "| function | outsiders it keeps out | why |\n|---|---:|---|\n");
        result.outsiderRoots().forEach((f, n) -> md.append("| ").append(f.def().id().display()).append(" | ").append(n)
                .append(" | ").append(f.reason().describe().replace("|", "\\|")).append(" |\n"));
        md.append("\n## Problems\n\n");
        if (result.problems().isEmpty()) {
            md.append("None.\n");
        }
        result.problems().forEach(p -> md.append("- ").append(p).append('\n'));
        return md.toString();
    }

    private static Map<String, Integer> labels(Map<FunctionClass, Integer> counts) {
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.forEach((c, n) -> out.put(c.label(), n));
        return out;
    }

    private static String cell(DataPlacement p) {
        return (p.shared() ? "shared" : "private") + (p.critical() ? ", critical" : "");
    }
}
