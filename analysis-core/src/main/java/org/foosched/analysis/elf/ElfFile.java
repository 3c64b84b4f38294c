package org.foosched.analysis.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A read-only ELF64 little-endian file (x86-64 kernels and objects), read through
 * {@code FileChannel.map}. Each section's contents are mapped on first use as their own
 * window, so files over 2 GiB work as long as each single section is under 2 GiB (a larger
 * section is refused with a clear message). Nothing is copied onto the heap except the
 * symbol table's arrays.
 *
 * <p>Thread-safe: buffers handed out are independent read-only views.
 */
public final class ElfFile implements AutoCloseable {

    private static final int EHDR_SIZE = 64;
    private static final int SHDR_SIZE = 64;
    private static final int SHN_XINDEX = 0xffff;

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final ElfHeader header;
    private final List<ElfSection> sections;
    private final ConcurrentHashMap<Integer, ByteBuffer> mapped = new ConcurrentHashMap<>();

    private ElfFile(Path path, FileChannel channel, long fileSize, ElfHeader header,
                    List<ElfSection> sections) {
        this.path = path;
        this.channel = channel;
        this.fileSize = fileSize;
        this.header = header;
        this.sections = sections;
    }

    /**
     * Opens and validates an ELF64 little-endian file.
     *
     * @throws ElfFormatException when it is not such a file or is truncated; the message
     *                            names the file and what is wrong
     * @throws IOException        when it cannot be read
     */
    public static ElfFile open(Path path) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null,
                    "ELF file not found; check the path (for a kernel: is the -dbg package unpacked?)");
        }
        try {
            long size = ch.size();
            ElfHeader header = readHeader(path, ch, size);
            List<ElfSection> sections = readSections(path, ch, size, header);
            return new ElfFile(path, ch, size, header, sections);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static ElfFormatException bad(Path path, String what) {
        return new ElfFormatException(path + ": " + what);
    }

    private static ByteBuffer read(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            if (ch.read(buf, offset + buf.position()) < 0) {
                break;
            }
        }
        buf.flip();
        return buf;
    }

    private static ElfHeader readHeader(Path path, FileChannel ch, long size) throws IOException {
        ByteBuffer h = read(ch, 0, (int) Math.min(size, EHDR_SIZE));
        if (h.remaining() < 4 || h.get(0) != 0x7f || h.get(1) != 'E' || h.get(2) != 'L' || h.get(3) != 'F') {
            throw bad(path, "not an ELF file (no \\x7fELF magic at the start; " + size
                    + " bytes); give the path of an ELF object or kernel image (vmlinux, not vmlinuz)");
        }
        if (h.remaining() < 5 || h.get(4) != 2) {
            String cls = h.remaining() >= 5 && h.get(4) == 1 ? "a 32-bit ELF file (ELFCLASS32)"
                    : "an ELF file of unknown class " + (h.remaining() >= 5 ? h.get(4) : -1);
            throw bad(path, "is " + cls + "; only 64-bit (ELFCLASS64) x86-64 files are supported");
        }
        if (h.remaining() < 6 || h.get(5) != 1) {
            throw bad(path, "is a big-endian ELF file; only little-endian (x86-64) files are supported");
        }
        if (size < EHDR_SIZE) {
            throw bad(path, "truncated: " + size + " bytes, but an ELF64 header alone needs " + EHDR_SIZE
                    + "; the file is incomplete, copy or download it again");
        }
        int type = Short.toUnsignedInt(h.getShort(16));
        int machine = Short.toUnsignedInt(h.getShort(18));
        long entry = h.getLong(24);
        long shoff = h.getLong(40);
        int shentsize = Short.toUnsignedInt(h.getShort(58));
        int shnum = Short.toUnsignedInt(h.getShort(60));
        int shstrndx = Short.toUnsignedInt(h.getShort(62));
        if (shoff == 0) {
            throw bad(path, "has no section headers (stripped of them?); Foosched needs the section table");
        }
        if (shentsize != SHDR_SIZE) {
            throw bad(path, "section header size is " + shentsize + ", expected " + SHDR_SIZE + " for ELF64");
        }
        if (shoff < 0 || shoff > size - SHDR_SIZE) {
            throw truncated(path, "the section header table at offset " + shoff, shoff + SHDR_SIZE, size);
        }
        if (shnum == 0 || shstrndx == SHN_XINDEX) {
            // Extended numbering: the real values sit in section header 0.
            ByteBuffer s0 = read(ch, shoff, SHDR_SIZE);
            if (shnum == 0) {
                long n = s0.getLong(32);
                if (n <= 0 || n > Integer.MAX_VALUE) {
                    throw bad(path, "section count " + n + " in section header 0 is invalid");
                }
                shnum = (int) n;
            }
            if (shstrndx == SHN_XINDEX) {
                shstrndx = s0.getInt(40);
            }
        }
        long tableEnd = shoff + (long) shnum * SHDR_SIZE;
        if (tableEnd > size) {
            throw truncated(path, "the section header table (" + shnum + " entries at offset " + shoff + ")",
                    tableEnd, size);
        }
        if (shstrndx >= shnum) {
            throw bad(path, "section name table index " + shstrndx + " is beyond the " + shnum + " sections");
        }
        return new ElfHeader(type, machine, entry, shoff, shnum, shstrndx);
    }

    private static ElfFormatException truncated(Path path, String what, long end, long size) {
        return bad(path, "truncated: " + what + " ends at byte " + end + " but the file has " + size
                + " bytes; the file is incomplete, copy or download it again");
    }

    private static List<ElfSection> readSections(Path path, FileChannel ch, long size, ElfHeader header)
            throws IOException {
        int n = header.sectionCount();
        ByteBuffer t = read(ch, header.sectionHeaderOffset(), n * SHDR_SIZE);
        int[] nameOff = new int[n];
        ElfSection[] raw = new ElfSection[n];
        for (int i = 0; i < n; i++) {
            int b = i * SHDR_SIZE;
            nameOff[i] = t.getInt(b);
            raw[i] = new ElfSection(i, "", t.getInt(b + 4), t.getLong(b + 8), t.getLong(b + 16),
                    t.getLong(b + 24), t.getLong(b + 32), t.getInt(b + 40), t.getInt(b + 44), t.getLong(b + 56));
            ElfSection s = raw[i];
            if (s.type() != ElfSection.SHT_NOBITS && s.type() != ElfSection.SHT_NULL
                    && (s.offset() < 0 || s.size() < 0 || s.offset() + s.size() > size)) {
                throw truncated(path, "section " + i + " (" + s.size() + " bytes at offset " + s.offset() + ")",
                        s.offset() + s.size(), size);
            }
        }
        ElfSection names = raw[header.sectionNamesIndex()];
        if (names.size() > Integer.MAX_VALUE) {
            throw bad(path, "section name table is larger than 2 GiB");
        }
        ByteBuffer nb = read(ch, names.offset(), (int) names.size());
        byte[] nbytes = new byte[nb.remaining()];
        nb.get(nbytes);
        List<ElfSection> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ElfSection s = raw[i];
            String name = cString(nbytes, nameOff[i]);
            out.add(new ElfSection(i, name, s.type(), s.flags(), s.address(), s.offset(), s.size(),
                    s.link(), s.info(), s.entrySize()));
        }
        return Collections.unmodifiableList(out);
    }

    /** The NUL-terminated string at {@code offset} in {@code table}; "" when out of range. */
    static String cString(byte[] table, int offset) {
        if (offset < 0 || offset >= table.length) {
            return "";
        }
        int end = offset;
        while (end < table.length && table[end] != 0) {
            end++;
        }
        return new String(table, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** The file this was opened from. */
    public Path path() {
        return path;
    }

    /** File size in bytes. */
    public long fileSize() {
        return fileSize;
    }

    public ElfHeader header() {
        return header;
    }

    /** All section headers, by index. */
    public List<ElfSection> sections() {
        return sections;
    }

    /** The section at {@code index}. */
    public ElfSection section(int index) {
        if (index < 0 || index >= sections.size()) {
            throw new IllegalArgumentException(path + ": no section " + index + " (the file has "
                    + sections.size() + ")");
        }
        return sections.get(index);
    }

    /** The first section called {@code name}. */
    public Optional<ElfSection> section(String name) {
        for (ElfSection s : sections) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The section's file contents as a read-only little-endian buffer (position 0, limit =
     * size); empty for NOBITS sections. Each call returns an independent view.
     */
    public ByteBuffer contents(ElfSection section) throws IOException {
        if (section.isNoBits() || section.size() == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        if (section.size() > Integer.MAX_VALUE) {
            throw bad(path, "section " + section.name() + " is " + section.size()
                    + " bytes; sections of 2 GiB or more are not supported");
        }
        ByteBuffer buf = mapped.get(section.index());
        if (buf == null) {
            buf = channel.map(FileChannel.MapMode.READ_ONLY, section.offset(), section.size());
            ByteBuffer prev = mapped.putIfAbsent(section.index(), buf);
            if (prev != null) {
                buf = prev;
            }
        }
        return buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * {@code length} bytes at virtual address {@code address}, from the allocated section that
     * holds them in the file.
     *
     * @throws IllegalArgumentException when no allocated file-backed section holds the whole range
     */
    public byte[] bytesAt(long address, int length) throws IOException {
        for (ElfSection s : sections) {
            if (s.isAllocated() && !s.isNoBits() && s.containsAddress(address)
                    && Long.compareUnsigned(address - s.address() + length, s.size()) <= 0) {
                return bytesInSection(s, address - s.address(), length);
            }
        }
        throw new IllegalArgumentException(path + ": no section holds " + length + " bytes at 0x"
                + Long.toHexString(address));
    }

    /** {@code length} bytes at {@code offset} inside {@code section}. */
    public byte[] bytesInSection(ElfSection section, long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > section.size() || section.isNoBits()) {
            throw new IllegalArgumentException(path + ": " + length + " bytes at offset " + offset
                    + " are outside section " + section.name() + " (" + section.size() + " bytes"
                    + (section.isNoBits() ? ", no file contents" : "") + ")");
        }
        byte[] out = new byte[length];
        contents(section).get((int) offset, out);
        return out;
    }

    /** The symbol table ({@code .symtab}, else {@code .dynsym}), read into arrays. */
    public ElfSymbolTable symbolTable() throws IOException {
        ElfSection symtab = null;
        for (ElfSection s : sections) {
            if (s.type() == ElfSection.SHT_SYMTAB) {
                symtab = s;
                break;
            }
        }
        if (symtab == null) {
            throw bad(path, "has no .symtab (stripped); use the unstripped image, e.g. the -dbg package's vmlinux");
        }
        ElfSection shndx = null;
        for (ElfSection s : sections) {
            if (s.type() == ElfSection.SHT_SYMTAB_SHNDX && s.link() == symtab.index()) {
                shndx = s;
            }
        }
        return ElfSymbolTable.read(this, symtab, section(symtab.link()), shndx);
    }

    /** The relocations of a {@code SHT_RELA} section. */
    public ElfRelaTable relocations(ElfSection rela) throws IOException {
        if (rela.type() != ElfSection.SHT_RELA) {
            throw new IllegalArgumentException(path + ": section " + rela.name() + " is not a RELA section");
        }
        if (rela.entrySize() != 24) {
            throw bad(path, "RELA section " + rela.name() + " has entry size " + rela.entrySize() + ", expected 24");
        }
        return new ElfRelaTable(rela, contents(rela));
    }

    /** All {@code SHT_RELA} sections. */
    public List<ElfSection> relaSections() {
        List<ElfSection> out = new ArrayList<>();
        for (ElfSection s : sections) {
            if (s.type() == ElfSection.SHT_RELA) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        mapped.clear();
        channel.close();
    }
}
