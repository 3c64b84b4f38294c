package org.foosched.analysis.vmlinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Instruction encodings (opcode bytes before a 4-byte field, field, trailing bytes). */
class X86PcRelativeTest {

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource({
            "call rel32,                 e8, 4",
            "jmp rel32,                  e9, 4",
            "jae rel32,                  0f 83, 4",
            "mov disp(%rip) to reg,      8b 05, 4",
            "movl $imm32 disp(%rip),     c7 05, 8",
            "movq $imm32 disp(%rip),     48 c7 05, 8",
            "movw $imm16 disp(%rip),     66 c7 05, 6",
            "movb $imm8 disp(%rip),      c6 05, 5",
            "cmpb $imm8 disp(%rip),      80 3d, 5",
            "addl $imm8 disp(%rip),      83 05, 5",
            "cmpl $imm32 disp(%rip),     81 3d, 8",
            "cmpw $imm16 disp(%rip),     66 81 3d, 6",
            "testb $imm8 disp(%rip),     f6 05, 5",
            "testl $imm32 disp(%rip),    f7 05, 8",
            "notl disp(%rip),            f7 15, 4",
            "btl $imm8 disp(%rip),       0f ba 25, 5",
            "lock xadd disp(%rip),       f0 0f c1 05, 4",
            "shll $imm8 disp(%rip),      c1 25, 5",
            "incl %gs:disp(%rip),        65 ff 05, 4",
            "mov %gs:disp(%rip) to reg,  65 8b 15, 4",
            "pextrd $imm8 to disp(%rip), 66 0f 3a 16 05, 5",
            "movl $imm32 after 0x0f byte, 0f c7 05, 8",
            "cmpxchg with lock,          f0 0f b1 15, 4",
    })
    void distanceToInstructionEnd(String what, String prefix, int expected) {
        String[] hex = prefix.trim().split(" ");
        ByteBuffer b = ByteBuffer.allocate(hex.length + 8);
        for (String h : hex) {
            b.put((byte) Integer.parseInt(h, 16));
        }
        int field = b.position();
        assertThat(X86PcRelative.bytesToInstructionEnd(b.clear(), field)).as(what).isEqualTo(expected);
    }
}
