package org.foosched.analysis.boundary;

/** Something the analysis found: an error stops extraction, a warning is reported. */
public record Problem(Severity severity, String subject, String message) {

    public enum Severity {
        ERROR, WARNING
    }

    public static Problem error(String subject, String message) {
        return new Problem(Severity.ERROR, subject, message);
    }

    public static Problem warning(String subject, String message) {
        return new Problem(Severity.WARNING, subject, message);
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase() + ": " + subject + ": " + message;
    }
}
