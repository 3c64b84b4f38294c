package org.foosched.analysis.vmlinux;

import org.foosched.analysis.elf.X86_64Relocations;

/**
 * One relocation in an allocated section, read as "{@code from} refers to {@code to}".
 *
 * @param from          the function or object whose bytes hold the relocated field; null when
 *                      the place lies in no sized symbol (tables such as {@code .orc_unwind_ip},
 *                      {@code .return_sites}, {@code __ex_table}, jump-label entries in {@code .data})
 * @param to            the referenced symbol: the relocation's own symbol, or, for a
 *                      relocation against a section symbol, the symbol containing the target
 *                      address; null when no symbol contains it
 * @param section       the section holding the place ({@code .text}, {@code .data}, ...)
 * @param place         address of the relocated field
 * @param targetAddress the address the field designates once relocated: {@code S + A} for
 *                      absolute and data relocations, {@code S + A + (end of instruction - place)}
 *                      for PC-relative fields inside instructions
 * @param type          relocation type ({@link X86_64Relocations})
 */
public record Reference(VmlinuxSymbol from, VmlinuxSymbol to, String section, long place,
                        long targetAddress, int type) {

    /** {@code R_X86_64_PLT32} etc. */
    public String typeName() {
        return X86_64Relocations.name(type);
    }

    /** Offset of the place inside {@code from}, or -1 when there is no {@code from}. */
    public long offsetInFrom() {
        return from == null ? -1 : place - from.address();
    }

    /** Offset of the target inside {@code to} (e.g. a field of a struct), or -1 when there is no {@code to}. */
    public long offsetInTo() {
        return to == null ? -1 : targetAddress - to.address();
    }

    @Override
    public String toString() {
        return (from == null ? "?" : from.displayName() + "+0x" + Long.toHexString(offsetInFrom()))
                + " (" + section + ") -" + typeName() + "-> "
                + (to == null ? "0x" + Long.toHexString(targetAddress)
                : to.displayName() + (offsetInTo() == 0 ? "" : "+0x" + Long.toHexString(offsetInTo())));
    }
}
