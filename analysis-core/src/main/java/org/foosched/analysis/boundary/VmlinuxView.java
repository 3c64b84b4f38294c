package org.foosched.analysis.boundary;

import org.foosched.analysis.model.NodeId;

import java.util.List;
import java.util.Optional;

/**
 * What the analysis asks of the release's vmlinux, in terms of the code model: which symbol a
 * definition became, which compiler clones it has, and who references it. Implemented over
 * the vmlinux index; unit tests use small hand-made views.
 */
public interface VmlinuxView {

    /** The symbol with the definition's own name and calling convention, if the compiler kept one. */
    Optional<VmSymbol> symbolOf(NodeId id);

    /** Compiler clones and parts ({@code .isra.N}, {@code .constprop.N}, {@code .part.N}, {@code .cold}). */
    List<VmSymbol> variantsOf(NodeId id);

    /** Every reference to the definition's symbol or to its clones. */
    List<VmReference> referencesTo(NodeId id);

    /** Exported to modules ({@code EXPORT_SYMBOL*}). */
    boolean isExported(String name);

    /** What made symbols unmatchable (e.g. two files of the same name that cannot be told apart). */
    default List<String> problems() {
        return List.of();
    }

    /**
     * What keeps a redirect jump out of this function's patch range (5 bytes after its ftrace
     * site, or at its entry): e.g. "a jump label at +0x9". Empty when nothing does.
     */
    default Optional<String> redirectBlocker(VmSymbol function) {
        return Optional.empty();
    }
}
