/**
 * Pictures of training runs as PNG files, drawn with the XChart charting library and written
 * atomically: {@link dev.myelin.plot.TrainingCurves} (loss and metrics per epoch, training vs
 * validation), {@link dev.myelin.plot.ConfusionMatrixPlot} and
 * {@link dev.myelin.plot.HeatMap} (heat maps, such as attention weights),
 * {@link dev.myelin.plot.ImageGrid} (sample images with predicted and true labels) and
 * {@link dev.myelin.plot.Plot} (any line or scatter chart). Rendering is headless: no display is needed.
 */
package dev.myelin.plot;
