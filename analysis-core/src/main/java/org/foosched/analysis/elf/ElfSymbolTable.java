package org.foosched.analysis.elf;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A symbol table read into primitive arrays, indexed by symbol table index (index 0 is the
 * null symbol). Immutable after reading.
 */
public final class ElfSymbolTable {
    /** {@code SHN_UNDEF}: the symbol is not defined in this file. */
    public static final int SHN_UNDEF = 0;
    /** {@code SHN_ABS}: an absolute value, in no section. */
    public static final int SHN_ABS = 0xfff1;
    /** {@code SHN_COMMON}. */
    public static final int SHN_COMMON = 0xfff2;
    private static final int SHN_LORESERVE = 0xff00;
    private static final int SHN_XINDEX = 0xffff;

    private final String[] names;
    private final long[] values;
    private final long[] sizes;
    private final byte[] infos;
    private final byte[] others;
    private final int[] sectionIndexes;
    private final int firstNonLocal;

    private ElfSymbolTable(String[] names, long[] values, long[] sizes, byte[] infos, byte[] others,
                           int[] sectionIndexes, int firstNonLocal) {
        this.names = names;
        this.values = values;
        this.sizes = sizes;
        this.infos = infos;
        this.others = others;
        this.sectionIndexes = sectionIndexes;
        this.firstNonLocal = firstNonLocal;
    }

    static ElfSymbolTable read(ElfFile file, ElfSection symtab, ElfSection strtab, ElfSection shndxSection)
            throws IOException {
        if (symtab.entrySize() != 24) {
            throw new ElfFormatException(file.path() + ": symbol table entry size is " + symtab.entrySize()
                    + ", expected 24 for ELF64");
        }
        int n = (int) (symtab.size() / 24);
        ByteBuffer d = file.contents(symtab);
        ByteBuffer s = file.contents(strtab);
        byte[] str = new byte[s.remaining()];
        s.get(str);
        ByteBuffer x = shndxSection == null ? null : file.contents(shndxSection);
        String[] names = new String[n];
        long[] values = new long[n];
        long[] sizes = new long[n];
        byte[] infos = new byte[n];
        byte[] others = new byte[n];
        int[] shndx = new int[n];
        for (int i = 0; i < n; i++) {
            int b = i * 24;
            names[i] = ElfFile.cString(str, d.getInt(b));
            infos[i] = d.get(b + 4);
            others[i] = d.get(b + 5);
            int sec = Short.toUnsignedInt(d.getShort(b + 6));
            if (sec == SHN_XINDEX && x != null) {
                sec = x.getInt(i * 4);
            }
            shndx[i] = sec;
            values[i] = d.getLong(b + 8);
            sizes[i] = d.getLong(b + 16);
        }
        return new ElfSymbolTable(names, values, sizes, infos, others, shndx, Math.min(symtab.info(), n));
    }

    /** Number of entries, including the null symbol at index 0. */
    public int count() {
        return names.length;
    }

    /** Index of the first non-LOCAL symbol ({@code sh_info} of the table). */
    public int firstNonLocal() {
        return firstNonLocal;
    }

    public String name(int i) {
        return names[i];
    }

    /** {@code st_value}: an address in executables, a section offset in relocatable objects. */
    public long value(int i) {
        return values[i];
    }

    public long size(int i) {
        return sizes[i];
    }

    public SymbolType type(int i) {
        return SymbolType.of(infos[i] & 0xf);
    }

    /** The raw {@code STT_*} code. */
    public int typeCode(int i) {
        return infos[i] & 0xf;
    }

    public SymbolBinding binding(int i) {
        return SymbolBinding.of((infos[i] & 0xff) >>> 4);
    }

    /** {@code STV_*} visibility (0 default, 1 internal, 2 hidden, 3 protected). */
    public int visibility(int i) {
        return others[i] & 0x3;
    }

    /** The section index the symbol is defined in, or {@link #SHN_UNDEF}, {@link #SHN_ABS}, ... */
    public int sectionIndex(int i) {
        return sectionIndexes[i];
    }

    /** True when the symbol is defined in a real section (not undefined, absolute or common). */
    public boolean isInSection(int i) {
        int s = sectionIndexes[i];
        return s != SHN_UNDEF && (s < SHN_LORESERVE || s > SHN_XINDEX);
    }
}
