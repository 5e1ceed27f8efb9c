// ml-logistic-regression ships no types; these cover the part Sprint calls.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';
  interface TwoClassLogisticRegression {
    /** P(class) of each row, for the class this one-vs-all classifier was trained to call 1. */
    testScores(features: Matrix): number[];
    weights: Matrix;
  }
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    classifiers: TwoClassLogisticRegression[];
    train(features: Matrix, labels: Matrix): void;
    predict(features: Matrix): number[];
  }
}
