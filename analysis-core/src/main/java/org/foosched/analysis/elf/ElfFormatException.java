package org.foosched.analysis.elf;

import java.io.IOException;

/**
 * The file is not an ELF file Foosched can read: not ELF at all, 32-bit, big-endian, or
 * truncated. The message names the file and says what to do.
 */
public final class ElfFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ElfFormatException(String message) {
        super(message);
    }
}
