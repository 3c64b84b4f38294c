package org.foosched.analysis.facts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a name in the facts denotes. */
public enum SymbolKind {
    @JsonProperty("function") FUNCTION,
    @JsonProperty("variable") VARIABLE
}
