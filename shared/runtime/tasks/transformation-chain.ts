// Kafka's TransformationChain: each stage applies its transformation when its predicate (if any)
// says so, negated on request; a null record (dropped) ends the chain. A failure is reported with
// the TRANSFORMATION stage and the failing SMT's class, as Kafka reports it.
import type { ConnectRecord, SinkRecord } from '../../api/record.ts';
import type { Predicate, Transformation } from '../../api/transformation.ts';
import { runOwning } from '../../transforms/util/owned-values.ts';
import type { RecordTransformer } from './pipeline.ts';
import { StageError } from './stage-error.ts';

export interface TransformationStage {
  readonly alias: string;
  readonly className: string;
  readonly transformation: Transformation;
  readonly predicate: {
    readonly alias: string;
    readonly className: string;
    readonly predicate: Predicate;
  } | null;
  readonly negate: boolean;
}

export class TransformationChain implements RecordTransformer {
  readonly stages: readonly TransformationStage[];

  constructor(stages: readonly TransformationStage[]) {
    this.stages = stages;
  }

  /**
   * `inputOwned`: the caller made the record's value for this run alone and will not read it again,
   * so the first stage may update it in place rather than copy it (see owned-values.ts).
   */
  apply<R extends ConnectRecord = SinkRecord>(record: R, inputOwned = false): R | null {
    return runOwning(record, inputOwned, () => this.#applyStages(record));
  }

  #applyStages<R extends ConnectRecord>(record: R): R | null {
    let current: R | null = record;
    for (const stage of this.stages) {
      try {
        if (stage.predicate === null || stage.negate !== stage.predicate.predicate.test(current)) {
          current = stage.transformation.apply(current) as R | null;
        }
      } catch (error) {
        throw new StageError('TRANSFORMATION', stage.className, error);
      }
      if (current === null) return null;
    }
    return current;
  }

  close(): void {
    for (const stage of this.stages) {
      // Kafka closes every stage quietly: one failing close must not keep the others open.
      try {
        stage.transformation.close?.();
      } catch {}
      try {
        stage.predicate?.predicate.close?.();
      } catch {}
    }
  }
}
