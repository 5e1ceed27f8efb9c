import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { RandomForestRegression } from 'ml-random-forest';
import type { Encoder, FeatureRow } from './designMatrix.js';

/**
 * The learners, from maintained npm libraries (mljs); Sprint only prepares their inputs and reads
 * their outputs. Each is trained on a sample that keeps a share of the positives and of the
 * negatives; `weights` says what those shares were, so the scores are mapped back to probabilities
 * on the whole population (the odds scale by keptNegatives / keptPositives).
 */
export interface SampleRates {
  positives: number;
  negatives: number;
}

export interface TrainedModel {
  name: ModelName;
  /** P(label) of each player, on the population's scale. */
  score(rows: readonly FeatureRow[]): number[];
}

export type ModelName = 'logistic_regression' | 'random_forest';

export interface TrainingData {
  rows: readonly FeatureRow[];
  labels: readonly number[];
  rates: SampleRates;
  encoder: Encoder;
}

export interface ModelSettings {
  /** Full-batch gradient steps of the logistic regression. */
  logisticSteps: number;
  trees: number;
  maxDepth: number;
  /** A node with this many rows or fewer becomes a leaf. */
  minLeafRows: number;
  /** Share of the encoded columns each tree sees. */
  treeFeatureShare: number;
  seed: number;
}

export const DEFAULT_MODEL_SETTINGS: Readonly<ModelSettings> = Object.freeze({
  // Early stopping is the regularisation: the library has no penalty, and more steps overfit the
  // one-hot countries (test ROC AUC falls from 0.787 at 100 steps to 0.774 at 1,000 on 60k players).
  logisticSteps: 100,
  trees: 40,
  maxDepth: 6,
  minLeafRows: 10,
  treeFeatureShare: 0.6,
  seed: 20250101,
});

export function trainLogisticRegression({ rows, labels, rates, encoder }: TrainingData, settings: ModelSettings): TrainedModel {
  // The library fits no intercept: a constant column gives it one.
  const design = (batch: readonly FeatureRow[]) => new Matrix(batch.map((row) => [1, ...encoder.encode(row)]));
  // Its gradient is a sum over rows, so the step is scaled by the row count to stay stable.
  const model = new LogisticRegression({ numSteps: settings.logisticSteps, learningRate: 1 / Math.max(1, rows.length) });
  model.train(design(rows), Matrix.columnVector([...labels]));
  // With classes 0 and 1 the library trains one-vs-all; classifier 0 separates class 1 from 0.
  const positive = model.classifiers[0]!;
  return {
    name: 'logistic_regression',
    score: (batch) => positive.testScores(design(batch)).map((p) => reweight(p, rates)),
  };
}

export function trainRandomForest({ rows, labels, rates, encoder }: TrainingData, settings: ModelSettings): TrainedModel {
  // Regression trees on the 0/1 label average to a probability (a "probability forest"); the
  // library's classifier votes hard labels, which rank poorly when positives are rare.
  const forest = new RandomForestRegression({
    nEstimators: settings.trees,
    maxFeatures: settings.treeFeatureShare,
    replacement: false,
    useSampleBagging: true,
    noOOB: true,
    seed: settings.seed,
    selectionMethod: 'mean',
    treeOptions: { maxDepth: settings.maxDepth, minNumSamples: settings.minLeafRows },
  });
  forest.train(rows.map(encoder.encodeForTrees), [...labels]);
  return {
    name: 'random_forest',
    score: (batch) => forest.predict(batch.map(encoder.encodeForTrees)).map((p) => reweight(p, rates)),
  };
}

/** A sample's probability back on the population's scale: odds × (negatives kept / positives kept). */
function reweight(p: number, rates: SampleRates): number {
  const clipped = Math.min(1 - 1e-9, Math.max(1e-9, p));
  const odds = (clipped / (1 - clipped)) * (rates.negatives / rates.positives);
  return odds / (1 + odds);
}
