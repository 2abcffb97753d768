/**
 * Readers that turn files into tensors: {@link dev.myelin.data.readers.Idx} (the IDX format of
 * MNIST and Fashion-MNIST, gzipped or not), {@link dev.myelin.data.readers.CsvReader} (tables
 * with numeric and categorical columns) and {@link dev.myelin.data.readers.ImageFolder} (PNG and
 * JPEG files sorted into one folder per class).
 *
 * <p>Files are not trusted: sizes are checked against the file before anything is allocated, and
 * a truncated, corrupt or hostile file is rejected with a
 * {@link dev.myelin.io.InvalidFileException} naming the file and the problem (and, for CSV, the
 * line). The readers produce tensors; wrap them in a {@link dev.myelin.data.TensorDataset} to
 * load batches.
 */
package dev.myelin.data.readers;
