package org.foosched.analysis.elf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import org.foosched.analysis.testing.ElfFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one clear message naming the file and what is wrong. */
class MalformedElfTest {

    @TempDir
    Path tmp;

    @Test
    void notElf() throws Exception {
        Path p = Files.writeString(tmp.resolve("notes.txt"), "hello, this is text\n");
        assertThatThrownBy(() -> ElfFile.open(p)).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining(p.toString()).hasMessageContaining("not an ELF file");
    }

    @Test
    void emptyFile() throws Exception {
        Path p = Files.write(tmp.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> ElfFile.open(p)).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("not an ELF file");
    }

    @Test
    void thirtyTwoBit() throws Exception {
        byte[] b = Files.readAllBytes(ElfFixture.linked());
        b[4] = 1;
        Path p = Files.write(tmp.resolve("elf32"), b);
        assertThatThrownBy(() -> ElfFile.open(p)).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining(p.toString()).hasMessageContaining("32-bit");
    }

    @Test
    void bigEndian() throws Exception {
        byte[] b = Files.readAllBytes(ElfFixture.linked());
        b[5] = 2;
        Path p = Files.write(tmp.resolve("be"), b);
        assertThatThrownBy(() -> ElfFile.open(p)).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("big-endian");
    }

    @Test
    void truncatedHeader() throws Exception {
        byte[] b = Arrays.copyOf(Files.readAllBytes(ElfFixture.linked()), 20);
        Path p = Files.write(tmp.resolve("short"), b);
        assertThatThrownBy(() -> ElfFile.open(p)).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("truncated").hasMessageContaining("20 bytes");
    }

    @Test
    void truncatedSectionTable() throws Exception {
        byte[] full = Files.readAllBytes(ElfFixture.linked());
        Path p = Files.write(tmp.resolve("cut"), Arrays.copyOf(full, full.length - 100));
        assertThatThrownBy(() -> ElfFile.open(p)).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("truncated").hasMessageContaining("section header table")
                .hasMessageContaining("copy or download it again");
    }

    @Test
    void truncatedSectionContents() throws Exception {
        // Keep the section table but move it to the front, so a section's contents lie past the end.
        byte[] full = Files.readAllBytes(ElfFixture.linked());
        long shoff = java.nio.ByteBuffer.wrap(full).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(40);
        int shnum = java.nio.ByteBuffer.wrap(full).order(java.nio.ByteOrder.LITTLE_ENDIAN).getShort(60);
        byte[] cut = Arrays.copyOf(full, 0x1100 + shnum * 64);
        System.arraycopy(full, (int) shoff, cut, 0x1100, shnum * 64);
        java.nio.ByteBuffer.wrap(cut).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(40, 0x1100);
        Path p = Files.write(tmp.resolve("cut2"), cut);
        assertThatThrownBy(() -> ElfFile.open(p)).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("truncated").hasMessageContaining("section ");
    }

    @Test
    void missingFile() {
        Path p = tmp.resolve("no-such-vmlinux");
        assertThatThrownBy(() -> ElfFile.open(p)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no-such-vmlinux").hasMessageContaining("not found");
    }

    @Test
    void strippedFileHasNoSymbolTable() throws Exception {
        Path p = tmp.resolve("stripped");
        Files.copy(ElfFixture.linked(), p);
        ElfFixture.run(tmp, "strip", "--strip-all", p.toString());
        try (ElfFile f = ElfFile.open(p)) {
            assertThatThrownBy(f::symbolTable).isInstanceOf(ElfFormatException.class)
                    .hasMessageContaining("no .symtab");
        }
    }

    @Test
    void messageIsReadableText() throws Exception {
        Path p = Files.write(tmp.resolve("bin"), "\u007fELF".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ElfFile.open(p)).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining(p.toString());
    }
}
