package org.foosched.analysis.vmlinux;

/**
 * An exported symbol.
 *
 * @param name      the exported name
 * @param gpl       exported with {@code EXPORT_SYMBOL_GPL}
 * @param module    {@code vmlinux}, or the module that exports it (from {@code Module.symvers})
 * @param namespace symbol namespace from {@code Module.symvers}, "" when none or unknown
 * @param crc       the modversions CRC from {@code Module.symvers}, or null when unknown
 * @param inImage   true when the image's own {@code __ksymtab*} sections hold it
 */
public record Export(String name, boolean gpl, String module, String namespace, Long crc, boolean inImage) {
}
