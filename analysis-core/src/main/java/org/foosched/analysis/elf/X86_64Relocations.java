package org.foosched.analysis.elf;

/** x86-64 relocation types ({@code R_X86_64_*}) that appear in kernels, and their names. */
public final class X86_64Relocations {
    public static final int R_X86_64_NONE = 0;
    public static final int R_X86_64_64 = 1;
    public static final int R_X86_64_PC32 = 2;
    public static final int R_X86_64_GOT32 = 3;
    public static final int R_X86_64_PLT32 = 4;
    public static final int R_X86_64_GOTPCREL = 9;
    public static final int R_X86_64_32 = 10;
    public static final int R_X86_64_32S = 11;
    public static final int R_X86_64_16 = 12;
    public static final int R_X86_64_PC16 = 13;
    public static final int R_X86_64_8 = 14;
    public static final int R_X86_64_PC8 = 15;
    public static final int R_X86_64_PC64 = 24;
    public static final int R_X86_64_GOTPCRELX = 41;
    public static final int R_X86_64_REX_GOTPCRELX = 42;

    private X86_64Relocations() {
    }

    /** {@code R_X86_64_PLT32} etc., or {@code R_X86_64_<n>} for types this class does not name. */
    public static String name(int type) {
        return switch (type) {
            case R_X86_64_NONE -> "R_X86_64_NONE";
            case R_X86_64_64 -> "R_X86_64_64";
            case R_X86_64_PC32 -> "R_X86_64_PC32";
            case R_X86_64_GOT32 -> "R_X86_64_GOT32";
            case R_X86_64_PLT32 -> "R_X86_64_PLT32";
            case R_X86_64_GOTPCREL -> "R_X86_64_GOTPCREL";
            case R_X86_64_32 -> "R_X86_64_32";
            case R_X86_64_32S -> "R_X86_64_32S";
            case R_X86_64_16 -> "R_X86_64_16";
            case R_X86_64_PC16 -> "R_X86_64_PC16";
            case R_X86_64_8 -> "R_X86_64_8";
            case R_X86_64_PC8 -> "R_X86_64_PC8";
            case R_X86_64_PC64 -> "R_X86_64_PC64";
            case R_X86_64_GOTPCRELX -> "R_X86_64_GOTPCRELX";
            case R_X86_64_REX_GOTPCRELX -> "R_X86_64_REX_GOTPCRELX";
            default -> "R_X86_64_" + type;
        };
    }

    /**
     * True for the 32-bit PC-relative types that x86 instructions use for a {@code rel32}
     * or {@code disp32(%rip)} field: the CPU adds the displacement to the address of the
     * <em>next instruction</em>, not to the field.
     */
    public static boolean isPcRelative32(int type) {
        return type == R_X86_64_PC32 || type == R_X86_64_PLT32 || type == R_X86_64_GOTPCREL
                || type == R_X86_64_GOTPCRELX || type == R_X86_64_REX_GOTPCRELX;
    }

    /** True for any PC-relative type (8, 16, 32 or 64 bits). */
    public static boolean isPcRelative(int type) {
        return isPcRelative32(type) || type == R_X86_64_PC8 || type == R_X86_64_PC16
                || type == R_X86_64_PC64;
    }
}
