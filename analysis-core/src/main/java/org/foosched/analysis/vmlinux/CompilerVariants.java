package org.foosched.analysis.vmlinux;

/**
 * Names GCC gives to clones and split parts of a function: {@code foo.isra.0},
 * {@code foo.constprop.0}, {@code foo.part.0}, {@code foo.cold}, {@code foo.lto_priv.0},
 * {@code foo.localalias}, and combinations such as {@code foo.constprop.0.isra.0}.
 *
 * <p>Only these suffixes count: a static variable local to a function ({@code __warned.12})
 * keeps its {@code .N} suffix and is not a variant.
 */
public final class CompilerVariants {

    private CompilerVariants() {
    }

    /** The name without compiler suffixes: {@code foo.constprop.0.isra.0 -> foo}; unchanged otherwise. */
    public static String baseName(String name) {
        int cut = suffixStart(name);
        return cut < 0 ? name : name.substring(0, cut);
    }

    /** The compiler suffixes ({@code .constprop.0.isra.0}), or "" for a plain name. */
    public static String suffix(String name) {
        int cut = suffixStart(name);
        return cut < 0 ? "" : name.substring(cut);
    }

    /** True when the name carries at least one compiler suffix. */
    public static boolean isVariant(String name) {
        return suffixStart(name) >= 0;
    }

    /** Index of the first '.' from which the rest is only compiler suffixes, or -1. */
    private static int suffixStart(String name) {
        for (int dot = name.indexOf('.', 1); dot > 0; dot = name.indexOf('.', dot + 1)) {
            if (onlySuffixes(name, dot)) {
                return dot;
            }
        }
        return -1;
    }

    /** True when {@code name.substring(at)} is one or more of .isra.N .constprop.N .part.N .lto_priv.N .cold[.N] .localalias. */
    private static boolean onlySuffixes(String name, int at) {
        int i = at;
        int len = name.length();
        while (i < len) {
            if (name.charAt(i) != '.') {
                return false;
            }
            int wordEnd = name.indexOf('.', i + 1);
            String word = name.substring(i + 1, wordEnd < 0 ? len : wordEnd);
            switch (word) {
                case "isra", "constprop", "part", "lto_priv" -> {
                    if (wordEnd < 0) {
                        return false;
                    }
                    int numEnd = digitsEnd(name, wordEnd + 1);
                    if (numEnd == wordEnd + 1) {
                        return false;
                    }
                    i = numEnd;
                }
                case "cold" -> {
                    i = wordEnd < 0 ? len : wordEnd;
                    if (i < len) {
                        int numEnd = digitsEnd(name, i + 1);
                        if (numEnd > i + 1 && (numEnd == len || name.charAt(numEnd) == '.')) {
                            i = numEnd;
                        }
                    }
                }
                case "localalias" -> i = wordEnd < 0 ? len : wordEnd;
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    private static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * True for a split-off part of a function ({@code .cold} or {@code .part.N}) rather than a
     * full clone: it runs only when its parent (or another clone) jumps into it.
     */
    public static boolean isSplitPart(String name) {
        String s = suffix(name);
        return s.contains(".cold") || s.contains(".part.");
    }
}
