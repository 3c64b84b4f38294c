package org.foosched.app.cli;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.DataPlacement;
import org.foosched.analysis.boundary.FunctionClass;

import java.io.PrintWriter;
import java.util.Map;

/** The short text summary of an analysis that init and analyze print. */
final class Summary {

    private Summary() {
    }

    static void print(AnalysisResult a, PrintWriter out) {
        Map<FunctionClass, Integer> c = a.countsByClass();
        out.println("Functions:");
        for (FunctionClass k : FunctionClass.values()) {
            out.printf("  %-24s %5d%n", k.label(), c.getOrDefault(k, 0));
        }
        out.printf("  %-24s %5d%n", "redirected (tainted)", a.redirected().size());
        Map<DataPlacement, Integer> d = a.countsByPlacement();
        out.println("Data (the seed's table):");
        out.printf("  %-24s %5d rebuild   %5d re-init%n", "private: critical/not", d.getOrDefault(DataPlacement.PRIVATE_CRITICAL, 0),
                d.getOrDefault(DataPlacement.PRIVATE, 0));
        out.printf("  %-24s %5d rebuild   %5d inherit%n", "shared:  critical/not", d.getOrDefault(DataPlacement.SHARED_CRITICAL, 0),
                d.getOrDefault(DataPlacement.SHARED, 0));
        long warnings = a.problems().stream().filter(p -> p.severity() == org.foosched.analysis.boundary.Problem.Severity.WARNING).count();
        out.println("Problems: " + a.errors().size() + " errors, " + warnings + " warnings");
    }
}
