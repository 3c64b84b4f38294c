package org.foosched.analysis.vmlinux;

import java.nio.ByteBuffer;

/**
 * Where an x86-64 instruction ends, seen from a 32-bit PC-relative field inside it.
 *
 * <p>The CPU adds a {@code rel32}/{@code disp32(%rip)} displacement to the address of the
 * <em>next instruction</em>. The assembler encodes that in the addend: for {@code call foo}
 * the field ends the instruction and the addend is {@code foo - 4}; for
 * {@code movl $1, foo(%rip)} a 4-byte immediate follows the field and the addend is
 * {@code foo - 8}; for {@code cmpb $0, foo(%rip)} it is {@code foo - 5}. So the real target is
 * {@code S + A + (end of instruction - field)}, and this class finds that distance by looking at
 * the opcode bytes before the field: a ModRM byte with {@code mod=00, rm=101} (RIP-relative)
 * right before the field, and the opcode before it, tell whether an immediate follows.
 *
 * <p>Fields not preceded by a RIP-relative ModRM (call/jmp/jcc {@code rel32}, data) end
 * their instruction. VEX/EVEX-encoded instructions with an immediate are not recognised (the
 * kernel's C code does not use them with RIP-relative operands).
 */
final class X86PcRelative {

    private X86PcRelative() {
    }

    /**
     * Bytes from the start of the 4-byte field at {@code field} to the end of its instruction:
     * 4 plus the size of a trailing immediate (0, 1, 2 or 4).
     *
     * @param code  the section's bytes
     * @param field offset of the field in {@code code}
     */
    static int bytesToInstructionEnd(ByteBuffer code, int field) {
        return 4 + immediateAfter(code, field);
    }

    static int immediateAfter(ByteBuffer code, int field) {
        if (field < 2 || field + 4 > code.limit()) {
            return 0;
        }
        int modrm = u8(code, field - 1);
        if ((modrm & 0xC7) != 0x05) {
            return 0;
        }
        int reg = (modrm >> 3) & 7;
        int op = u8(code, field - 2);
        int before = field >= 3 ? u8(code, field - 3) : -1;
        int before2 = field >= 4 ? u8(code, field - 4) : -1;
        if (before2 == 0x0F && before == 0x3A) {
            return 1; // 0F 3A xx /r ib (SSE4: pextr*, pinsr*, round*, ...)
        }
        if (before2 == 0x0F && before == 0x38) {
            return 0;
        }
        // A 0x0F before the opcode may be the last byte of the previous instruction: 0F 80..8F
        // take no ModRM, and 0F C7 (cmpxchg8b/16b) is far rarer with a RIP-relative operand
        // than C7 (mov $imm32), so both are read as one-byte opcodes.
        if (before == 0x0F && (op < 0x80 || op > 0x8F) && op != 0xC7) {
            return twoByteImmediate(op);
        }
        return oneByteImmediate(op, reg, operandSizePrefix(code, field - 2));
    }

    private static int twoByteImmediate(int op) {
        return switch (op) {
            case 0x70, 0x71, 0x72, 0x73, 0xA4, 0xAC, 0xBA, 0xC2, 0xC4, 0xC5, 0xC6 -> 1;
            default -> 0;
        };
    }

    private static int oneByteImmediate(int op, int reg, boolean word) {
        switch (op) {
            case 0x80, 0x82, 0x83, 0xC0, 0xC1, 0xC6, 0x6B:
                return 1;
            case 0x81, 0xC7, 0x69:
                return word ? 2 : 4;
            case 0xF6:
                return reg <= 1 ? 1 : 0;
            case 0xF7:
                return reg <= 1 ? (word ? 2 : 4) : 0;
            default:
                return 0;
        }
    }

    /** True when a 0x66 prefix (without REX.W) precedes the opcode at {@code opcode}. */
    private static boolean operandSizePrefix(ByteBuffer code, int opcode) {
        int i = opcode - 1;
        boolean rexW = false;
        if (i >= 0 && (u8(code, i) & 0xF0) == 0x40) {
            rexW = (u8(code, i) & 0x08) != 0;
            i--;
        }
        for (int k = 0; k < 4 && i >= 0; k++, i--) {
            int p = u8(code, i);
            if (p == 0x66) {
                return !rexW;
            }
            if (p != 0xF0 && p != 0xF2 && p != 0xF3 && p != 0x2E && p != 0x3E && p != 0x26
                    && p != 0x36 && p != 0x64 && p != 0x65) {
                return false;
            }
        }
        return false;
    }

    private static int u8(ByteBuffer b, int i) {
        return b.get(i) & 0xff;
    }
}
