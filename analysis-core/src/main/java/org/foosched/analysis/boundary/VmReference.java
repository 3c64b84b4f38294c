package org.foosched.analysis.boundary;

import org.foosched.analysis.model.NodeId;

/**
 * A reference found in vmlinux's relocations.
 *
 * @param from     the referring symbol (a function, or a data object for pointers in data)
 * @param fromNode the model definition that symbol is, or {@code null} when it is outside the
 *                 scheduler's translation units
 * @param target   the referenced symbol (the definition itself or one of its compiler clones)
 * @param call     a direct call or jump (PLT32); otherwise the address is loaded or stored
 */
public record VmReference(VmSymbol from, NodeId fromNode, VmSymbol target, boolean call) {
}
