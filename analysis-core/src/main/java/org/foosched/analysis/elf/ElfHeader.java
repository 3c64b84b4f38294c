package org.foosched.analysis.elf;

/**
 * The fields of an ELF64 file header that Foosched uses.
 *
 * @param type          {@code e_type}: {@link #ET_REL}, {@link #ET_EXEC}, {@link #ET_DYN}, ...
 * @param machine       {@code e_machine}; {@link #EM_X86_64} for x86-64
 * @param entry         entry point address
 * @param sectionHeaderOffset file offset of the section header table
 * @param sectionCount  number of section headers (extended numbering already resolved)
 * @param sectionNamesIndex index of the section holding the section names
 */
public record ElfHeader(int type, int machine, long entry, long sectionHeaderOffset,
                        int sectionCount, int sectionNamesIndex) {

    public static final int ET_REL = 1;
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int EM_X86_64 = 62;

    /** True for a relocatable object ({@code .o}, {@code ld -r} output): addresses are section offsets. */
    public boolean isRelocatable() {
        return type == ET_REL;
    }
}
