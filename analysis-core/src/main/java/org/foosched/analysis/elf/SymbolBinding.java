package org.foosched.analysis.elf;

/** {@code STB_*}: a symbol's visibility to the linker. */
public enum SymbolBinding {
    LOCAL, GLOBAL, WEAK, GNU_UNIQUE, OTHER;

    /** The binding for the high four bits of {@code st_info}. */
    public static SymbolBinding of(int code) {
        return switch (code) {
            case 0 -> LOCAL;
            case 1 -> GLOBAL;
            case 2 -> WEAK;
            case 10 -> GNU_UNIQUE;
            default -> OTHER;
        };
    }
}
