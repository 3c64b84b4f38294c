package org.foosched.analysis.elf;

import java.nio.ByteBuffer;

/**
 * The entries of one {@code SHT_RELA} section, read in place from the mapped file (no copy).
 * In executables ({@code --emit-relocs}) {@link #offset} is a virtual address; in relocatable
 * objects it is an offset into the {@link #targetSectionIndex() target section}.
 */
public final class ElfRelaTable {
    private final ElfSection section;
    private final ByteBuffer data;
    private final int count;

    ElfRelaTable(ElfSection section, ByteBuffer data) {
        this.section = section;
        this.data = data;
        this.count = (int) (section.size() / 24);
    }

    /** The RELA section itself. */
    public ElfSection section() {
        return section;
    }

    /** Index of the section these relocations apply to ({@code sh_info}). */
    public int targetSectionIndex() {
        return section.info();
    }

    /** Index of the symbol table they refer to ({@code sh_link}). */
    public int symbolTableIndex() {
        return section.link();
    }

    public int count() {
        return count;
    }

    /** {@code r_offset}: where the relocation applies. */
    public long offset(int i) {
        return data.getLong(i * 24);
    }

    /** Symbol table index ({@code ELF64_R_SYM}). */
    public int symbol(int i) {
        return (int) (data.getLong(i * 24 + 8) >>> 32);
    }

    /** Relocation type ({@code ELF64_R_TYPE}), see {@link X86_64Relocations}. */
    public int type(int i) {
        return (int) data.getLong(i * 24 + 8);
    }

    /** {@code r_addend}. */
    public long addend(int i) {
        return data.getLong(i * 24 + 16);
    }
}
