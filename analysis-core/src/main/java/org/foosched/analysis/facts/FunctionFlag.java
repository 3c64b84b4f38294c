package org.foosched.analysis.facts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The flags of a function definition, spelled in the facts file as the JSON names below. */
public enum FunctionFlag {
    /** Internal linkage. */
    @JsonProperty("static") STATIC,
    /** Declared {@code inline} (the kernel's {@code inline} also implies notrace). */
    @JsonProperty("inline") INLINE,
    @JsonProperty("always_inline") ALWAYS_INLINE,
    @JsonProperty("noinline") NOINLINE,
    @JsonProperty("weak") WEAK,
    /** In an {@code .init.*}, {@code .exit.*}, {@code .meminit.*} or {@code .memexit.*} section. */
    @JsonProperty("init") INIT,
    /** Not traceable: {@code no_instrument_function} (the kernel's {@code notrace}). */
    @JsonProperty("notrace") NOTRACE,
    @JsonProperty("used") USED,
    /** A gnu_inline {@code extern inline} definition: the unit does not emit the symbol. */
    @JsonProperty("external") EXTERNAL
}
