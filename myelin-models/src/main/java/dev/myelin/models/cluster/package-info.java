/**
 * Unsupervised grouping of points: {@link dev.myelin.models.cluster.KMeans} (k-means++ seeding,
 * Lloyd's iterations) and {@link dev.myelin.models.cluster.ClusterScores} (adjusted Rand index and
 * purity against known labels).
 */
package dev.myelin.models.cluster;
