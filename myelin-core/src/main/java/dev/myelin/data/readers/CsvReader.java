package dev.myelin.data.readers;

import dev.myelin.io.InvalidFileException;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads CSV files into a {@link CsvTable} of numeric and categorical columns (parsing by Apache
 * Commons CSV: quotes, escaped quotes and line breaks inside quotes as in RFC 4180).
 *
 * <p>A column is numeric when every value that is not missing parses as a number, else
 * categorical; {@link #categorical} and {@link #numeric} force the choice (a zip code is a
 * category; a forced numeric column with text in it is an error naming the line). A value is
 * missing when it equals one of the {@link #missingValues} markers after trimming (by default
 * empty, {@code NA}, {@code N/A}, {@code NaN} and {@code null}). Missing values are an error by
 * default, reported with the line of each; {@link #allowMissing} keeps them (NaN or -1, and
 * listed by {@link CsvTable#missing()}). Empty lines are skipped; every other row must have as
 * many fields as the header.
 *
 * <pre>{@code
 * CsvTable t = new CsvReader().categorical("zip").allowMissing(true).read(Path.of("houses.csv"));
 * CsvTable raw = new CsvReader().delimiter(';').header(false).read(path);   // columns "0", "1", ...
 * }</pre>
 */
public final class CsvReader {
    private static final int LINES_REPORTED = 10;

    private char delimiter = ',';
    private boolean header = true;
    private final Set<String> categorical = new LinkedHashSet<>();
    private final Set<String> numeric = new LinkedHashSet<>();
    private Set<String> missingValues = Set.of("", "NA", "N/A", "NaN", "null");
    private boolean allowMissing;

    /** A reader with the defaults: comma-separated, a header line, missing values rejected. */
    public CsvReader() {}

    /** The field separator (default {@code ,}). */
    public CsvReader delimiter(char delimiter) {
        this.delimiter = delimiter;
        return this;
    }

    /** Whether the first line names the columns (default true); without it they are named "0", "1", ... */
    public CsvReader header(boolean header) {
        this.header = header;
        return this;
    }

    /** Columns read as categories even when their values look like numbers. */
    public CsvReader categorical(String... columns) {
        categorical.addAll(List.of(columns));
        return this;
    }

    /** Columns that must be numeric: a value that is not a number is an error naming its line. */
    public CsvReader numeric(String... columns) {
        numeric.addAll(List.of(columns));
        return this;
    }

    /** The strings that mean "missing" (compared after trimming), replacing the defaults. */
    public CsvReader missingValues(String... markers) {
        missingValues = Set.of(markers);
        return this;
    }

    /** Whether missing values are kept (as NaN or -1) rather than rejected (default false). */
    public CsvReader allowMissing(boolean allow) {
        this.allowMissing = allow;
        return this;
    }

    /** The table in {@code file} (UTF-8). */
    public CsvTable read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, "CSV file " + file);
        }
    }

    /**
     * The table in {@code reader}'s text.
     *
     * @param source what the text is, for error messages
     * @throws InvalidFileException if the text is malformed, a row has the wrong number of fields,
     *     a forced numeric column holds text, or values are missing and not allowed
     */
    public CsvTable read(Reader reader, String source) throws IOException {
        LineCounter counter = new LineCounter(reader);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setTrim(true).setIgnoreEmptyLines(false)
                .get();
        List<String> names = null;
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(counter).setFormat(format).get()) {
            for (CSVRecord record : parser) {
                long line = counter.lineOf(record.getCharacterPosition());
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue;                                    // an empty line
                }
                if (names == null) {
                    names = header ? headerNames(record, line, source) : defaultNames(record.size());
                    if (header) {
                        continue;
                    }
                }
                if (record.size() != names.size()) {
                    throw new InvalidFileException(source + ": line " + line + " has " + record.size() + " fields but "
                            + (header ? "the header names " : "the first row has ") + names.size());
                }
                rows.add(record.values());
                lines.add(line);
            }
        } catch (UncheckedIOException e) {
            throw new InvalidFileException(source + ": malformed CSV: " + e.getCause().getMessage());
        }
        if (names == null) {
            throw new InvalidFileException(source + ": the file is empty" + (header ? " (expected a header line)" : ""));
        }
        for (Set<String> forced : List.of(categorical, numeric)) {
            for (String name : forced) {
                if (!names.contains(name)) {
                    throw new IllegalArgumentException("CsvReader: no column '" + name + "' in " + source
                            + "; the columns are " + names);
                }
            }
        }
        return build(names, rows, lines, source);
    }

    private static List<String> headerNames(CSVRecord record, long line, String source) throws InvalidFileException {
        List<String> names = record.toList();
        Set<String> seen = new LinkedHashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new InvalidFileException(source + ": the header on line " + line + " names column '" + n + "' twice");
            }
        }
        return names;
    }

    private static List<String> defaultNames(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    private CsvTable build(List<String> names, List<String[]> rows, List<Long> lines, String source)
            throws InvalidFileException {
        int n = rows.size();
        Map<String, CsvTable.Column> columns = new LinkedHashMap<>();
        List<CsvTable.Missing> missing = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            String name = names.get(j);
            boolean isNumeric = !categorical.contains(name);
            double[] numbers = new double[n];
            for (int i = 0; i < n && isNumeric; i++) {
                String v = rows.get(i)[j];
                if (missingValues.contains(v)) {
                    numbers[i] = Double.NaN;
                    continue;
                }
                try {
                    numbers[i] = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    if (numeric.contains(name)) {
                        throw new InvalidFileException(source + ": line " + lines.get(i) + ", column '" + name + "': '" + v
                                + "' is not a number (the column was declared numeric)");
                    }
                    isNumeric = false;
                }
            }
            int[] categories = isNumeric ? null : new int[n];
            List<String> vocabulary = null;
            if (!isNumeric) {
                TreeSet<String> distinct = new TreeSet<>();
                for (String[] row : rows) {
                    if (!missingValues.contains(row[j])) {
                        distinct.add(row[j]);
                    }
                }
                vocabulary = List.copyOf(distinct);
                Map<String, Integer> index = new LinkedHashMap<>();
                for (String v : vocabulary) {
                    index.put(v, index.size());
                }
                for (int i = 0; i < n; i++) {
                    categories[i] = index.getOrDefault(rows.get(i)[j], -1);
                }
            }
            for (int i = 0; i < n; i++) {
                if (missingValues.contains(rows.get(i)[j])) {
                    missing.add(new CsvTable.Missing(name, lines.get(i)));
                }
            }
            columns.put(name, new CsvTable.Column(isNumeric ? numbers : null, categories, vocabulary));
        }
        missing.sort((a, b) -> Long.compare(a.line(), b.line()));
        if (!missing.isEmpty() && !allowMissing) {
            throw new InvalidFileException(source + ": " + missing.size() + " missing value" + (missing.size() == 1 ? "" : "s")
                    + " (" + describe(missing) + "); fill them in, or use allowMissing(true) to read them as NaN"
                    + " (numeric) and -1 (categorical)");
        }
        return new CsvTable(columns, n, missing);
    }

    /** "column 'age' at lines 4, 9; column 'city' at line 7", at most 10 lines per column. */
    private static String describe(List<CsvTable.Missing> missing) {
        Map<String, List<Long>> byColumn = new LinkedHashMap<>();
        for (CsvTable.Missing m : missing) {
            byColumn.computeIfAbsent(m.column(), k -> new ArrayList<>()).add(m.line());
        }
        List<String> parts = new ArrayList<>();
        byColumn.forEach((column, lines) -> {
            List<String> shown = lines.stream().limit(LINES_REPORTED).map(String::valueOf).toList();
            parts.add("column '" + column + "' at line" + (lines.size() == 1 ? " " : "s ") + String.join(", ", shown)
                    + (lines.size() > LINES_REPORTED ? " and " + (lines.size() - LINES_REPORTED) + " more" : ""));
        });
        return String.join("; ", parts);
    }

    /**
     * Passes characters through and remembers where the line breaks are, so that a record's
     * character position (which the parser reports) converts to a line number even when quoted
     * fields span lines. Positions are consumed in increasing order, so only the breaks the
     * parser has read ahead are kept.
     */
    private static final class LineCounter extends FilterReader {
        private final ArrayDeque<Long> breaks = new ArrayDeque<>();
        private long position;
        private long line = 1;

        LineCounter(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                note((char) c);
            }
            return c;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            for (int i = 0; i < n; i++) {
                note(buf[off + i]);
            }
            return n;
        }

        private void note(char c) {
            if (c == '\n') {
                breaks.add(position);
            }
            position++;
        }

        /** The 1-based line of the character at {@code charPosition}; positions must not decrease between calls. */
        long lineOf(long charPosition) {
            while (!breaks.isEmpty() && breaks.peekFirst() < charPosition) {
                breaks.pollFirst();
                line++;
            }
            return line;
        }
    }
}
