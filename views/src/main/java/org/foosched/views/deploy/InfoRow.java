package org.foosched.views.deploy;

/**
 * One line of a host's facts as the panel lists them.
 *
 * @param label   what ("kernel", "lockdown", …)
 * @param value   its value, in words
 * @param warning true when it stands in the way of a live update or needs attention
 */
public record InfoRow(String label, String value, boolean warning) {

    public static InfoRow of(String label, String value) {
        return new InfoRow(label, value, false);
    }

    public static InfoRow warn(String label, String value) {
        return new InfoRow(label, value, true);
    }
}
