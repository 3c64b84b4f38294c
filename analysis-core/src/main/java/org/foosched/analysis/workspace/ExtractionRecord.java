package org.foosched.analysis.workspace;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.FunctionClass;
import org.foosched.analysis.boundary.FunctionResult;
import org.foosched.analysis.fs.Trees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code working/extraction.json}: the class of every boundary function when the tree was
 * extracted. The extracted code is only right for that classification (outsider bodies are
 * gone, callbacks renamed), so the build compares it with the current analysis and asks for a
 * re-extraction when the boundary moved.
 *
 * @param functions "file:name" → "class" (and " as moduleName" when renamed)
 */
public record ExtractionRecord(Map<String, String> functions) {

    public static ExtractionRecord of(AnalysisResult a) {
        Map<String, String> m = new TreeMap<>();
        for (FunctionResult f : a.functions()) {
            if (f.cls() != FunctionClass.OUTSIDE) {
                String v = f.cls().label();
                if (!f.moduleName().equals(f.name())) {
                    v += " as " + f.moduleName();
                }
                m.put(f.def().id().display(), v);
            }
        }
        return new ExtractionRecord(m);
    }

    public void write(Workspace ws) {
        try {
            Trees.writeAtomically(ws.working().resolve("extraction.json"), Workspace.JSON.writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ExtractionRecord read(Workspace ws) {
        try {
            var f = ws.working().resolve("extraction.json");
            if (!Files.isRegularFile(f)) {
                throw new Workspace.WorkspaceException(ws.root() + " was extracted by an older foosched (no "
                        + "working/extraction.json); re-extract with foosched init --force");
            }
            return Workspace.JSON.readValue(f.toFile(), ExtractionRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What differs, as "name: was → now" lines. */
    public List<String> changesTo(ExtractionRecord now) {
        List<String> out = new ArrayList<>();
        Map<String, String> all = new TreeMap<>(functions);
        now.functions.forEach(all::putIfAbsent);
        for (String k : all.keySet()) {
            String was = functions.getOrDefault(k, "absent");
            String is = now.functions.getOrDefault(k, "absent");
            if (!was.equals(is)) {
                out.add(k + ": " + was + " → " + is);
            }
        }
        return out;
    }
}
