package dev.ragstore.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A clustered synthetic data set (a Gaussian mixture of 50 unit-variance centres with noise, fixed
 * seed), each row with text made of its cluster's topic words and common words, and an owner: the
 * 1% owner, the 10% owner or the rest, drawn independently of the cluster. {@link #of} instead holds
 * rows made elsewhere (real text and its embeddings, see {@link RealTextCorpus}); such a set has no
 * centres, so {@link #queries} and {@link #queryText} do not apply to it.
 */
final class Dataset {

    static final int CLUSTERS = 50;
    static final int SMALL_OWNER = 0;
    static final int MID_OWNER = 1;
    static final int BIG_OWNER = 2;

    final int dimension;
    final float[][] centers;
    final UUID[] ids;
    final float[][] vectors;
    final int[] clusters;
    final int[] owners;
    final String[] texts;

    private Dataset(int dimension, float[][] centers, UUID[] ids, float[][] vectors, int[] clusters, int[] owners,
            String[] texts) {
        this.dimension = dimension;
        this.centers = centers;
        this.ids = ids;
        this.vectors = vectors;
        this.clusters = clusters;
        this.owners = owners;
        this.texts = texts;
    }

    /** The rows of {@code a} then those of {@code b}, with {@code a}'s centres. */
    static Dataset concat(Dataset a, Dataset b) {
        return new Dataset(a.dimension, a.centers, concat(a.ids, b.ids, UUID[]::new), concat(a.vectors, b.vectors, float[][]::new),
                java.util.stream.IntStream.concat(java.util.Arrays.stream(a.clusters), java.util.Arrays.stream(b.clusters)).toArray(),
                java.util.stream.IntStream.concat(java.util.Arrays.stream(a.owners), java.util.Arrays.stream(b.owners)).toArray(),
                concat(a.texts, b.texts, String[]::new));
    }

    /**
     * Rows given by the caller, without centres; every cluster is -1. The arrays are kept, not copied,
     * and must have one entry per row; every vector must have {@code dimension} components.
     */
    static Dataset of(int dimension, UUID[] ids, float[][] vectors, int[] owners, String[] texts) {
        int rows = ids.length;
        if (vectors.length != rows || owners.length != rows || texts.length != rows) {
            throw new IllegalArgumentException("rows disagree: " + rows + " ids, " + vectors.length + " vectors, "
                    + owners.length + " owners, " + texts.length + " texts");
        }
        for (float[] vector : vectors) {
            if (vector.length != dimension) {
                throw new IllegalArgumentException("a vector has " + vector.length + " components, not " + dimension);
            }
        }
        int[] clusters = new int[rows];
        java.util.Arrays.fill(clusters, -1);
        return new Dataset(dimension, new float[0][], ids, vectors, clusters, owners, texts);
    }

    /** One owner draw: {@link #SMALL_OWNER} with probability 1%, {@link #MID_OWNER} 10%, else {@link #BIG_OWNER}. */
    static int drawOwner(Random random) {
        double draw = random.nextDouble();
        return draw < 0.01 ? SMALL_OWNER : draw < 0.11 ? MID_OWNER : BIG_OWNER;
    }

    private static <T> T[] concat(T[] a, T[] b, java.util.function.IntFunction<T[]> make) {
        T[] all = make.apply(a.length + b.length);
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    Dataset(int rows, int dimension, long seed) {
        this.dimension = dimension;
        Random random = new Random(seed);
        centers = new float[CLUSTERS][];
        for (int c = 0; c < CLUSTERS; c++) {
            centers[c] = gaussian(random, dimension, 1.0);
        }
        ids = new UUID[rows];
        vectors = new float[rows][];
        clusters = new int[rows];
        owners = new int[rows];
        texts = new String[rows];
        for (int i = 0; i < rows; i++) {
            int cluster = random.nextInt(CLUSTERS);
            ids[i] = new UUID(random.nextLong(), random.nextLong());
            clusters[i] = cluster;
            vectors[i] = near(random, centers[cluster], 0.6);
            owners[i] = drawOwner(random);
            texts[i] = text(random, cluster);
        }
    }

    /** {@code count} query vectors near random centres, from their own seed. */
    List<float[]> queries(int count, long seed) {
        requireCenters();
        Random random = new Random(seed);
        List<float[]> queries = new ArrayList<>(count);
        for (int q = 0; q < count; q++) {
            queries.add(near(random, centers[random.nextInt(CLUSTERS)], 0.6));
        }
        return queries;
    }

    /** Two topic words of the cluster nearest to {@code query}. */
    String queryText(float[] query) {
        requireCenters();
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CLUSTERS; c++) {
            double score = cosine(query, centers[c]);
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return "topic" + best + "a topic" + best + "b";
    }

    private void requireCenters() {
        if (centers.length == 0) {
            throw new IllegalStateException("this data set has no centres (it was built by Dataset.of); "
                    + "take its queries from where its rows came from");
        }
    }

    /** The indexes of the exact top {@code k} rows by cosine similarity among rows accepted by {@code owner} (-1: all). */
    int[] exactTop(float[] query, int k, int owner) {
        int[] best = new int[k];
        double[] scores = new double[k];
        java.util.Arrays.fill(best, -1);
        java.util.Arrays.fill(scores, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < vectors.length; i++) {
            if (owner >= 0 && owners[i] != owner) {
                continue;
            }
            double score = cosine(query, vectors[i]);
            if (score > scores[k - 1]) {
                int at = k - 1;
                while (at > 0 && scores[at - 1] < score) {
                    scores[at] = scores[at - 1];
                    best[at] = best[at - 1];
                    at--;
                }
                scores[at] = score;
                best[at] = i;
            }
        }
        return best;
    }

    int countOwner(int owner) {
        int count = 0;
        for (int o : owners) {
            if (o == owner) {
                count++;
            }
        }
        return count;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static String text(Random random, int cluster) {
        StringBuilder text = new StringBuilder(400);
        for (int w = 0; w < 60; w++) {
            if (w > 0) {
                text.append(' ');
            }
            int kind = random.nextInt(10);
            if (kind < 2) {
                text.append("topic").append(cluster).append((char) ('a' + random.nextInt(4)));
            } else {
                text.append("word").append(random.nextInt(2_000));
            }
        }
        return text.toString();
    }

    private static float[] gaussian(Random random, int dimension, double sigma) {
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) (sigma * random.nextGaussian());
        }
        return vector;
    }

    private static float[] near(Random random, float[] center, double sigma) {
        float[] vector = new float[center.length];
        for (int i = 0; i < center.length; i++) {
            vector[i] = (float) (center[i] + sigma * random.nextGaussian());
        }
        return vector;
    }
}
