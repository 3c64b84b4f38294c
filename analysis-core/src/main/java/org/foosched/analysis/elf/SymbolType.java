package org.foosched.analysis.elf;

/** {@code STT_*}: what a symbol names. */
public enum SymbolType {
    NOTYPE, OBJECT, FUNC, SECTION, FILE, COMMON, TLS, GNU_IFUNC, OTHER;

    private static final SymbolType[] BY_CODE = {NOTYPE, OBJECT, FUNC, SECTION, FILE, COMMON, TLS};

    /** The type for the low four bits of {@code st_info}. */
    public static SymbolType of(int code) {
        if (code >= 0 && code < BY_CODE.length) {
            return BY_CODE[code];
        }
        return code == 10 ? GNU_IFUNC : OTHER;
    }
}
