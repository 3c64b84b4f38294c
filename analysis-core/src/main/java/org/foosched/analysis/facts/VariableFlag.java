package org.foosched.analysis.facts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The flags of a variable definition, spelled in the facts file as the JSON names below. */
public enum VariableFlag {
    @JsonProperty("static") STATIC,
    @JsonProperty("const") CONST,
    /** In a {@code .data..percpu*} section ({@code DEFINE_PER_CPU} and friends). */
    @JsonProperty("percpu") PERCPU,
    /** In an {@code .init.*}/{@code .exit.*} section ({@code __initdata}, ...). */
    @JsonProperty("init") INIT,
    @JsonProperty("weak") WEAK,
    @JsonProperty("used") USED,
    /** A {@code static} variable inside a function, see {@link VariableFact#scope()}. */
    @JsonProperty("function_local") FUNCTION_LOCAL,
    @JsonProperty("has_initializer") HAS_INITIALIZER
}
