package dev.myelin.data;

/** Index checks shared by the datasets, with messages that name the method and the range. */
final class Datasets {
    private Datasets() {}

    static int checkIndex(String op, int index, int size) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + index + " is out of range for a dataset of "
                    + size + " samples");
        }
        return index;
    }

    /** A copy of {@code indices}, each checked to lie in {@code [0, size)}. */
    static int[] checkIndices(String op, int[] indices, int size) {
        int[] copy = indices.clone();
        for (int i : copy) {
            checkIndex(op, i, size);
        }
        return copy;
    }
}
