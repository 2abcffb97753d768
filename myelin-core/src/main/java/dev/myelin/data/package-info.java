/**
 * Datasets and the data loader: how training examples reach a model, batch by batch.
 *
 * <ul>
 *   <li>{@link dev.myelin.data.Dataset} (map-style: size and get) and
 *       {@link dev.myelin.data.IterableDataset} (a stream of samples) for any sample type;</li>
 *   <li>{@link dev.myelin.data.TensorDataset}: N examples held as one tensor of inputs and one of
 *       targets; batches are made by copying the selected rows into one contiguous tensor, with no
 *       per-sample objects;</li>
 *   <li>{@link dev.myelin.data.DataLoader}: batching, shuffling from a seed, samplers, collate,
 *       augmentation ({@link dev.myelin.data.transforms}) and prefetch on background threads,
 *       yielding {@link dev.myelin.data.Batch} records;</li>
 *   <li>{@link dev.myelin.data.Split} (seeded train/validation split);</li>
 *   <li>the data shipped in the {@code myelin-datasets} artifact: {@link dev.myelin.data.FashionMnist} (the
 *       full set when installed, else the embedded subset), {@link dev.myelin.data.StateOfTheUnion} (text),
 *       {@link dev.myelin.data.SpamAssassin} (labelled e-mail) and {@link dev.myelin.data.UsBirths} (a daily
 *       series).</li>
 * </ul>
 *
 * Readers for files (IDX, CSV, image folders) live in {@link dev.myelin.data.readers}.
 */
package dev.myelin.data;
