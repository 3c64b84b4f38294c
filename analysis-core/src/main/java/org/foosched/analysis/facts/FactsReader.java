package org.foosched.analysis.facts;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the collector's facts files. The schema is checked before anything else, so a file
 * from another Foosched version is refused with a message saying to collect again, rather
 * than half-read. Strict otherwise: unknown fields or flags are errors, since the plugin,
 * {@code docs/facts-schema.md} and these records change together.
 */
public final class FactsReader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final String SUFFIX = ".facts.json";

    /** Reads one facts file. */
    public FactsFile read(Path file) {
        String schema = schemaOf(file);
        if (schema == null) {
            throw new FactsFormatException(file + " is not a Foosched facts file (no \"schema\" field)");
        }
        if (!FactsFile.SCHEMA.equals(schema)) {
            throw new FactsFormatException(file + " has facts schema '" + schema + "', but this Foosched reads '"
                    + FactsFile.SCHEMA + "': collect the facts again with this version's plugin");
        }
        try {
            return JSON.readValue(file.toFile(), FactsFile.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new FactsFormatException(file + ": invalid facts at " + e.getPathReference() + ": "
                    + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            if (e instanceof StreamReadException || e.getCause() instanceof StreamReadException) {
                throw new FactsFormatException(file + " is not valid JSON" + where(e.getLocation()) + ": "
                        + e.getOriginalMessage() + "; collect the facts again", e);
            }
            throw new FactsFormatException(file + ": invalid facts" + where(e.getLocation()) + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read facts file " + file, e);
        }
    }

    /**
     * The top-level "schema" value, found by streaming (the plugin writes it first), so that a
     * file of another version is refused before its body is interpreted; null when absent.
     */
    private static String schemaOf(Path file) {
        try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new FactsFormatException(file + " is not a Foosched facts file (expected a JSON object)");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("schema")) {
                    return value == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (JsonProcessingException e) {
            throw new FactsFormatException(file + " is not valid JSON" + where(e.getLocation()) + ": "
                    + e.getOriginalMessage() + "; collect the facts again", e);
        } catch (NoSuchFileException e) {
            throw new FactsFormatException("facts file " + file + " does not exist", e);
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new FactsFormatException("facts file " + file + " does not exist", e);
            }
            throw new UncheckedIOException("cannot read facts file " + file, e);
        }
    }

    /** Reads every {@code *.facts.json} of a directory, keyed by unit. */
    public Map<String, FactsFile> readDirectory(Path dir) {
        Map<String, FactsFile> byUnit = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(SUFFIX) && !name.startsWith(".")) {
                    FactsFile facts = read(file);
                    byUnit.put(facts.unit(), facts);
                }
            }
        } catch (NoSuchFileException e) {
            throw new FactsFormatException("facts directory " + dir + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list facts directory " + dir, e);
        }
        return byUnit;
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
