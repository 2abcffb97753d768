/**
 * Training: Keras's {@code fit}/{@code evaluate}/{@code predict} over any module, loss and optimizer.
 *
 * <ul>
 *   <li>{@link dev.myelin.train.Trainer}: the loop (epochs, validation, gradient accumulation and
 *       clipping, scheduler stepping, seeding, checkpoints and resuming).</li>
 *   <li>{@link dev.myelin.train.History}: the values of every epoch.</li>
 *   <li>{@link dev.myelin.train.Metrics} (functions) and {@link dev.myelin.train.Metric} (named, for the
 *       trainer): accuracy, top-k, precision/recall/F1 per class and macro, confusion matrix,
 *       MAE/RMSE, ROC-AUC; {@link dev.myelin.train.ClassificationReport} prints them per class;
 *       {@link dev.myelin.train.RocCurve} gives the ROC curve's points.</li>
 *   <li>{@link dev.myelin.train.Callback}s: {@link dev.myelin.train.EarlyStopping},
 *       {@link dev.myelin.train.ModelCheckpoint}, {@link dev.myelin.train.CsvLogger},
 *       {@link dev.myelin.train.LrMonitor}, {@link dev.myelin.train.ProgressBar}.</li>
 *   <li>{@link dev.myelin.train.HyperparameterSearch}: grid and random search with early stopping.</li>
 * </ul>
 *
 * <p>The plain loop ({@code forward}, loss, {@code zeroGrad}, {@code backward}, {@code step}) needs
 * none of this; the trainer is that loop with the bookkeeping done.
 */
package dev.myelin.train;
