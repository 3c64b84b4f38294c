package org.foosched.analysis.elf;

/**
 * One section header.
 *
 * @param index    section index (0 is the null section)
 * @param name     section name from the section name string table
 * @param type     {@code sh_type}, e.g. {@link #SHT_PROGBITS}, {@link #SHT_RELA}
 * @param flags    {@code sh_flags}, e.g. {@link #SHF_ALLOC}
 * @param address  virtual address when loaded (0 in relocatable objects and for non-allocated sections)
 * @param offset   file offset of the contents
 * @param size     size in bytes (in memory; NOBITS sections occupy no file bytes)
 * @param link     {@code sh_link}: for RELA the symbol table, for SYMTAB the string table
 * @param info     {@code sh_info}: for RELA the section the relocations apply to,
 *                 for SYMTAB the index of the first non-local symbol
 * @param entrySize {@code sh_entsize}
 */
public record ElfSection(int index, String name, int type, long flags, long address, long offset,
                         long size, int link, int info, long entrySize) {

    public static final int SHT_NULL = 0;
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_RELA = 4;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_REL = 9;
    public static final int SHT_SYMTAB_SHNDX = 18;

    public static final long SHF_WRITE = 0x1;
    public static final long SHF_ALLOC = 0x2;
    public static final long SHF_EXECINSTR = 0x4;

    /** Occupies memory in the running image ({@code SHF_ALLOC}); debug and relocation sections do not. */
    public boolean isAllocated() {
        return (flags & SHF_ALLOC) != 0;
    }

    /** Holds machine code ({@code SHF_EXECINSTR}). */
    public boolean isExecutable() {
        return (flags & SHF_EXECINSTR) != 0;
    }

    /** Has no bytes in the file ({@code .bss}-like). */
    public boolean isNoBits() {
        return type == SHT_NOBITS;
    }

    /** True when {@code address} lies in {@code [address, address + size)}. */
    public boolean containsAddress(long addr) {
        return Long.compareUnsigned(addr, address) >= 0
                && Long.compareUnsigned(addr - address, size) < 0;
    }
}
