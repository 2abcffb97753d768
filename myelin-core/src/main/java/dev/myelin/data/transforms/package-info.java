/**
 * Augmentation and preprocessing of batches of images, run by a
 * {@link dev.myelin.data.DataLoader} on its worker threads.
 *
 * <p>Every {@link dev.myelin.data.transforms.Transform} takes a whole batch {@code x} (B, C, H, W)
 * float32 and a {@link dev.myelin.tensor.Generator}, returns a new tensor and leaves its input
 * alone. Random choices are drawn per sample, in sample order, from that generator, which the
 * loader derives from (seed, epoch, batch index): the same seed gives the same augmented batches
 * whatever the number of threads. The loops run directly over the batch's array (no per-pixel
 * calls through interfaces).
 *
 * <ul>
 *   <li>{@link dev.myelin.data.transforms.Compose} chains transforms;</li>
 *   <li>{@link dev.myelin.data.transforms.Normalize} (per-channel mean and std, which it can also
 *       compute from a dataset) and {@link dev.myelin.data.transforms.Resize} are deterministic;</li>
 *   <li>{@link dev.myelin.data.transforms.RandomCrop}, {@link dev.myelin.data.transforms.RandomHorizontalFlip},
 *       {@link dev.myelin.data.transforms.RandomAffine} (rotation, translation, scale),
 *       {@link dev.myelin.data.transforms.GaussianNoise} and
 *       {@link dev.myelin.data.transforms.RandomErasing} augment.</li>
 * </ul>
 */
package dev.myelin.data.transforms;
