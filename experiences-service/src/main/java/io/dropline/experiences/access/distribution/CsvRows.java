package io.dropline.experiences.access.distribution;

import java.util.List;
import java.util.stream.Collectors;

/**
 * CSV lines (RFC 4180, CRLF) whose cells are safe to open in a spreadsheet: a text cell that starts with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return is prefixed with {@code '} so it is never read as a
 * formula (OWASP "CSV injection"), and a cell with a comma, quote or line break is quoted with its quotes doubled.
 * Numbers are written as they are (a negative number is data, not a formula).
 */
public final class CsvRows {

    private CsvRows() {
    }

    /** One line of these cells; a null cell is empty. */
    public static String line(List<?> cells) {
        return cells.stream().map(CsvRows::cell).collect(Collectors.joining(",")) + "\r\n";
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            text = "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
