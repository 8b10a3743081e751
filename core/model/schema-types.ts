// Generated from schemas/*.schema.json by `npm run gen:types`. Do not edit by hand.

/**
 * Globs over model names.
 *
 * @minItems 1
 */
export type Globs = string[];
/**
 * Globs over feature names.
 *
 * @minItems 1
 */
export type Globs1 = string[];
/**
 * Globs over data source names.
 *
 * @minItems 1
 */
export type Globs2 = string[];
/**
 * Globs over the paths a PR changes.
 *
 * @minItems 1
 */
export type Globs3 = string[];
/**
 * Globs over environment names.
 *
 * @minItems 1
 */
export type Globs4 = string[];
/**
 * proposed, approved, in-progress, done or dropped: proposed, approved and in-progress plans are open.
 */
export type PlanStatus = 'proposed' | 'approved' | 'in-progress' | 'done' | 'dropped';
/**
 * A case id.
 */
export type CaseId = string;

/**
 * One failure case of an ML or AI system: an incident, a postmortem or an error-analysis finding. Kept as a YAML file, or as Markdown with these fields in YAML frontmatter and the narrative in the body.
 */
export interface FailureCase {
  /**
   * Stable case id: the policy's prefix, a dash and a zero-padded number, e.g. FC-0042. The file name starts with it.
   */
  id: string;
  /**
   * One line saying what failed, in terms of the system, not of a person.
   */
  title: string;
  /**
   * Incident summary: what happened, when, who was affected, how it was discovered.
   */
  summary: string;
  /**
   * Where the case stands: draft (being written), investigating, mitigated (impact stopped, fix pending), resolved, wont-fix (accepted risk).
   */
  status: 'draft' | 'investigating' | 'mitigated' | 'resolved' | 'wont-fix';
  /**
   * Free-form lower-case labels for search and grouping.
   */
  tags?: string[];
  /**
   * Severity id from policy.yaml (e.g. SEV1 most severe to SEV4). The policy's rubric sets a floor from the impact.
   */
  severity: string;
  /**
   * Why this severity: which rubric rule or judgement sets it.
   */
  severity_rationale?: string;
  /**
   * When the failure started (ISO 8601 date or date-time).
   */
  occurred_at: string;
  /**
   * When the failure was detected (ISO 8601). Not before occurred_at.
   */
  detected_at?: string;
  /**
   * When the failure was resolved (ISO 8601). Not before detected_at.
   */
  resolved_at?: string;
  /**
   * What happened when, in order.
   */
  timeline?: {
    /**
     * When (ISO 8601).
     */
    at: string;
    /**
     * What happened, in terms of the system.
     */
    event: string;
  }[];
  /**
   * How the failure was found.
   */
  detection?: {
    /**
     * Detection method id from taxonomy.yaml (monitoring, alert, user-report, audit, evaluation, ...).
     */
    method: string;
    /**
     * The team or role that detected it (never a person to blame).
     */
    detected_by?: string;
  };
  /**
   * The system that failed.
   */
  system?: {
    /**
     * Model name as deployments name it; safeguards and the risk check match on it.
     */
    model?: string;
    /**
     * The model version that failed.
     */
    model_version?: string;
    /**
     * Where it failed: production, staging, shadow, ...
     */
    environment?: string;
    /**
     * Services and pipelines involved.
     */
    components?: string[];
  };
  /**
   * The data involved and the slices where the failure shows.
   */
  data?: {
    /**
     * Data sources (tables, streams, datasets) the model reads.
     */
    sources?: string[];
    /**
     * Features involved in the failure.
     */
    features?: string[];
    /**
     * Slices where the failure hides behind a healthy aggregate: metric baseline versus observed.
     */
    slices?: Slice[];
  };
  /**
   * Who and what was affected. The policy's severity rubric reads these fields.
   */
  impact?: {
    /**
     * Number of users affected.
     */
    users_affected?: number;
    /**
     * Number of predictions, requests or transactions affected.
     */
    events_affected?: number;
    /**
     * True when people's physical or psychological safety was at risk.
     */
    safety?: boolean;
    /**
     * True when a legal or regulatory obligation was breached.
     */
    regulatory?: boolean;
    /**
     * Estimated direct cost, in the organisation's currency.
     */
    financial?: number;
    /**
     * The impact in words.
     */
    description?: string;
  };
  /**
   * What the model was supposed to do.
   */
  expected?: {
    /**
     * Business objective of the model.
     */
    objective?: string;
    /**
     * Performance KPIs it was held to.
     */
    kpis?: string[];
    /**
     * Accepted risk, e.g. the tolerated false-positive rate.
     */
    accepted_risk?: string;
  };
  /**
   * Failure mode ids from taxonomy.yaml.
   */
  failure_modes?: string[];
  /**
   * Root causes, each at a layer of the system. Often more than one.
   */
  root_causes?: {
    /**
     * Root-cause layer id from taxonomy.yaml: data, feature-engineering, model-logic, deployment-pipeline, infrastructure, monitoring, process, ...
     */
    layer: string;
    /**
     * What in the system made the failure possible.
     */
    description: string;
  }[];
  /**
   * Evidence from the error analysis.
   */
  evidence?: {
    /**
     * Confusion matrix: rows are actual labels, columns predicted labels, in the order of labels.
     */
    confusion_matrix?: {
      /**
       * Class labels, in row and column order.
       *
       * @minItems 2
       * @maxItems 50
       */
      labels: string[];
      /**
       * Counts: matrix[actual][predicted]. Square, one row and one column per label.
       */
      matrix: number[][];
      /**
       * The positive class (the label precision, recall and the false-positive rate are about).
       */
      positive?: string;
      /**
       * Cost matrix: costs[actual][predicted], one row and one column per label in the order of labels (a false negative costing 20 false positives: [[0, 1], [20, 0]] with labels [negative, positive]).
       */
      costs?: number[][];
      /**
       * Mean cost per example: the sum over cells of count times cost, divided by the number of examples.
       */
      cost_weighted_error?: number;
      /**
       * True when failcat evidence computed the matrix from evidence.computed_from; false or absent when typed by hand.
       */
      computed?: boolean;
    };
    metrics?: MetricSet;
    /**
     * Per-slice metrics against the whole (computed by failcat evidence): a slice whose interval excludes the aggregate value is flagged.
     */
    slice_metrics?: {
      /**
       * The slice column of the predictions file.
       */
      column: string;
      /**
       * The value of that column that defines the slice.
       */
      value: string;
      metrics: MetricSet1;
      /**
       * How far the slice falls below the aggregate: the largest of aggregate minus slice precision, aggregate minus slice recall and slice minus aggregate false-positive rate (negative when the slice does better on all three).
       */
      gap?: number;
      /**
       * Metrics whose aggregate value lies outside the slice's interval: precision-below, recall-above, fpr-above, ...
       */
      flags?: (
        'precision-below' | 'precision-above' | 'recall-below' | 'recall-above' | 'fpr-below' | 'fpr-above'
      )[];
    }[];
    /**
     * Hard or misclassified examples, by reference (never raw personal data).
     */
    examples?: {
      /**
       * Reference to the example in a store: an id, not the content.
       */
      ref: string;
      /**
       * Expected label or rank.
       */
      expected?: string | number;
      /**
       * Predicted label or rank.
       */
      predicted?: string | number;
      /**
       * Model score or confidence.
       */
      score?: number;
      /**
       * Example kind id from taxonomy.yaml: hard-negative, hard-positive, misclassified, ...
       */
      kind?: string;
      /**
       * Why this example matters.
       */
      note?: string;
    }[];
    /**
     * Links to dashboards, logs, experiments and reports.
     */
    links?: Link[];
    /**
     * The hardest examples by score (computed by failcat evidence): hard negatives are truly negative examples scored highest, hard positives truly positive examples scored lowest.
     */
    hard_examples?: {
      /**
       * The example's id column, or its row number in the predictions file.
       */
      ref: string;
      /**
       * hard-negative or hard-positive.
       */
      kind: 'hard-negative' | 'hard-positive';
      /**
       * The true label.
       */
      label: string;
      /**
       * The predicted label.
       */
      predicted?: string;
      /**
       * The model's score.
       */
      score: number;
      /**
       * Row number in the predictions file (1 is the first data row).
       */
      row?: number;
      /**
       * The columns asked for with --keep, by name.
       */
      columns?: {
        [k: string]: string | number | boolean | null;
      };
    }[];
    /**
     * Provenance of the computed figures (written by failcat evidence): enough to reproduce them.
     */
    computed_from?: {
      /**
       * The predictions file, relative to the case's repository when it is inside it.
       */
      file: string;
      /**
       * SHA-256 of the predictions file's bytes.
       */
      sha256: string;
      /**
       * Number of data rows read.
       */
      rows: number;
      /**
       * The command that computed the figures.
       */
      command: string;
      /**
       * When the figures were computed (ISO 8601).
       */
      computed_at: string;
      /**
       * The tool and its version.
       */
      tool?: string;
      /**
       * Which columns were read as what.
       */
      columns?: {
        /**
         * True label column.
         */
        label?: string;
        /**
         * Predicted label column (absent when the prediction comes from the score and a threshold).
         */
        prediction?: string;
        /**
         * Score column.
         */
        score?: string;
        /**
         * Id column used as the reference of examples.
         */
        id?: string;
        /**
         * Slice columns.
         */
        slices?: string[];
        /**
         * Columns kept with hard examples.
         */
        keep?: string[];
      };
      /**
       * Score at or above which an example is predicted positive, when no prediction column was given.
       */
      threshold?: number;
    };
  };
  /**
   * What worked: detection, communication, tooling, rollback.
   */
  what_went_well?: string[];
  /**
   * Lessons learned, without finger-pointing: which assumption failed, what was not tested.
   */
  lessons_learned?: string[];
  /**
   * Corrective actions with owners and due dates.
   */
  corrective_actions?: {
    /**
     * prevention, detection, mitigation or process.
     */
    category: 'prevention' | 'detection' | 'mitigation' | 'process';
    /**
     * The action, specific enough to be checked.
     */
    action: string;
    /**
     * Owning team or role.
     */
    owner: string;
    /**
     * Due date (ISO 8601).
     */
    due?: string;
    /**
     * open, in-progress, done or dropped.
     */
    status: 'open' | 'in-progress' | 'done' | 'dropped';
    /**
     * Ticket or PR tracking the action.
     */
    link?: string;
  }[];
  /**
   * What future deployments must do so this failure does not repeat: a checklist item and the deployments it applies to. The PR risk check matches these.
   */
  safeguards?: {
    /**
     * Checklist item id from checklist.yaml.
     */
    check: string;
    /**
     * Globs; the safeguard applies to a deployment when any listed glob matches the deployment's value of that kind.
     */
    applies_to: {
      models?: Globs;
      features?: Globs1;
      data_sources?: Globs2;
      paths?: Globs3;
      environments?: Globs4;
    };
    /**
     * Why this safeguard follows from the failure.
     */
    note?: string;
  }[];
  /**
   * Tests derived from this failure; the risk check lists them for matching deployments.
   */
  regression_tests?: {
    /**
     * Test id.
     */
    id: string;
    /**
     * What the test checks.
     */
    description: string;
    /**
     * Where the test lives.
     */
    path?: string;
  }[];
  /**
   * The retraining this failure calls for: target metrics with baselines and goals, data changes and augmentations, success criteria, owner and status.
   */
  retraining_plan?: {
    status: PlanStatus;
    /**
     * Owning team or role.
     */
    owner: string;
    /**
     * The plan in a sentence or two.
     */
    summary?: string;
    /**
     * Metrics to reach, each with its baseline and goal.
     */
    target_metrics?: TargetMetric[];
    /**
     * Changes to the training data: sources, windows, weighting, relabelling.
     */
    data_changes?: string[];
    /**
     * Data augmentations and synthetic examples to add.
     */
    augmentations?: string[];
    /**
     * Changes to features, hyperparameters or architecture.
     */
    model_changes?: string[];
    /**
     * Who must approve the retrained model before release.
     */
    approval?: string;
    /**
     * What must hold to call the plan a success, beyond the target metrics.
     */
    success_criteria?: string[];
    /**
     * Ids of this case's regression_tests the plan must keep green.
     */
    regression_tests?: string[];
    /**
     * When it runs: cadence or window.
     */
    schedule?: string;
    /**
     * Due date (ISO 8601).
     */
    due?: string;
    /**
     * Ticket, experiment or document tracking the plan.
     */
    link?: string;
  };
  /**
   * The evaluation to pass before the next release: target metrics, slices, failure-mode-aware benchmarks, scenarios, success criteria, owner and status.
   */
  evaluation_plan?: {
    status: PlanStatus;
    /**
     * Owning team or role.
     */
    owner: string;
    /**
     * The plan in a sentence or two.
     */
    summary?: string;
    /**
     * Metrics to reach, each with its baseline and goal.
     */
    target_metrics?: TargetMetric[];
    /**
     * Slices to report separately, where failures hide behind the aggregate.
     */
    slices?: string[];
    /**
     * Failure-mode-aware benchmarks to add: test sets that probe the way this model failed.
     */
    benchmarks?: {
      /**
       * The benchmark.
       */
      name: string;
      /**
       * What it holds and how it is scored.
       */
      description?: string;
      /**
       * Failure mode ids from taxonomy.yaml it probes.
       */
      failure_modes?: string[];
    }[];
    /**
     * Scenarios to replay or simulate: incidents, attacks, shifts.
     */
    scenarios?: string[];
    /**
     * Evaluation datasets and how they are kept clean.
     */
    datasets?: string[];
    /**
     * What must hold to call the plan a success, beyond the target metrics.
     */
    success_criteria?: string[];
    /**
     * Ids of this case's regression_tests the plan must keep green.
     */
    regression_tests?: string[];
    /**
     * When it runs: cadence or window.
     */
    schedule?: string;
    /**
     * Due date (ISO 8601).
     */
    due?: string;
    /**
     * Ticket, experiment or document tracking the plan.
     */
    link?: string;
  };
  /**
   * Ids of related cases.
   */
  related?: CaseId[];
  /**
   * A case id.
   */
  supersedes?: string;
  /**
   * A case id.
   */
  duplicate_of?: string;
  /**
   * Narrative sections of a YAML case, keyed by section id (diagnosis, impact, timeline, ...); a Markdown case writes them as '## ' headings in the body instead.
   */
  narrative?: {
    [k: string]: string;
  };
  /**
   * Who may read the case: public (any build), internal (internal builds), restricted (internal builds, marked). Default internal.
   */
  visibility?: 'public' | 'internal' | 'restricted';
  /**
   * Dotted field paths hidden from a public build (impact.financial, evidence.examples); narrative.<section> hides a narrative section in either format.
   */
  redact?: string[];
  /**
   * Where the evidence comes from, so the case can be reproduced.
   */
  provenance?: {
    /**
     * Team or role that reported the case.
     */
    reported_by?: string;
    /**
     * Registry entry of the failing model.
     */
    model_registry?: string;
    /**
     * Version or snapshot of the data involved.
     */
    data_version?: string;
    /**
     * Version of the feature configuration.
     */
    feature_config?: string;
  };
  /**
   * Who reviewed the case and whether its facts are verified.
   */
  review?: {
    /**
     * Reviewing teams or roles.
     */
    reviewers?: string[];
    /**
     * True once the facts are checked against evidence.
     */
    verified?: boolean;
  };
  /**
   * Extension field for a team's own data; never validated, never rendered.
   *
   * This interface was referenced by `FailureCase`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]:
    | {
        [k: string]: unknown;
      }
    | string
    | 'draft'
    | 'investigating'
    | 'mitigated'
    | 'resolved'
    | 'wont-fix'
    | string[]
    | {
        /**
         * When (ISO 8601).
         */
        at: string;
        /**
         * What happened, in terms of the system.
         */
        event: string;
      }[]
    | {
        /**
         * Detection method id from taxonomy.yaml (monitoring, alert, user-report, audit, evaluation, ...).
         */
        method: string;
        /**
         * The team or role that detected it (never a person to blame).
         */
        detected_by?: string;
      }
    | {
        /**
         * Model name as deployments name it; safeguards and the risk check match on it.
         */
        model?: string;
        /**
         * The model version that failed.
         */
        model_version?: string;
        /**
         * Where it failed: production, staging, shadow, ...
         */
        environment?: string;
        /**
         * Services and pipelines involved.
         */
        components?: string[];
      }
    | {
        /**
         * Data sources (tables, streams, datasets) the model reads.
         */
        sources?: string[];
        /**
         * Features involved in the failure.
         */
        features?: string[];
        /**
         * Slices where the failure hides behind a healthy aggregate: metric baseline versus observed.
         */
        slices?: Slice[];
      }
    | {
        /**
         * Number of users affected.
         */
        users_affected?: number;
        /**
         * Number of predictions, requests or transactions affected.
         */
        events_affected?: number;
        /**
         * True when people's physical or psychological safety was at risk.
         */
        safety?: boolean;
        /**
         * True when a legal or regulatory obligation was breached.
         */
        regulatory?: boolean;
        /**
         * Estimated direct cost, in the organisation's currency.
         */
        financial?: number;
        /**
         * The impact in words.
         */
        description?: string;
      }
    | {
        /**
         * Business objective of the model.
         */
        objective?: string;
        /**
         * Performance KPIs it was held to.
         */
        kpis?: string[];
        /**
         * Accepted risk, e.g. the tolerated false-positive rate.
         */
        accepted_risk?: string;
      }
    | {
        /**
         * Root-cause layer id from taxonomy.yaml: data, feature-engineering, model-logic, deployment-pipeline, infrastructure, monitoring, process, ...
         */
        layer: string;
        /**
         * What in the system made the failure possible.
         */
        description: string;
      }[]
    | {
        /**
         * Confusion matrix: rows are actual labels, columns predicted labels, in the order of labels.
         */
        confusion_matrix?: {
          /**
           * Class labels, in row and column order.
           *
           * @minItems 2
           * @maxItems 50
           */
          labels: string[];
          /**
           * Counts: matrix[actual][predicted]. Square, one row and one column per label.
           */
          matrix: number[][];
          /**
           * The positive class (the label precision, recall and the false-positive rate are about).
           */
          positive?: string;
          /**
           * Cost matrix: costs[actual][predicted], one row and one column per label in the order of labels (a false negative costing 20 false positives: [[0, 1], [20, 0]] with labels [negative, positive]).
           */
          costs?: number[][];
          /**
           * Mean cost per example: the sum over cells of count times cost, divided by the number of examples.
           */
          cost_weighted_error?: number;
          /**
           * True when failcat evidence computed the matrix from evidence.computed_from; false or absent when typed by hand.
           */
          computed?: boolean;
        };
        metrics?: MetricSet;
        /**
         * Per-slice metrics against the whole (computed by failcat evidence): a slice whose interval excludes the aggregate value is flagged.
         */
        slice_metrics?: {
          /**
           * The slice column of the predictions file.
           */
          column: string;
          /**
           * The value of that column that defines the slice.
           */
          value: string;
          metrics: MetricSet1;
          /**
           * How far the slice falls below the aggregate: the largest of aggregate minus slice precision, aggregate minus slice recall and slice minus aggregate false-positive rate (negative when the slice does better on all three).
           */
          gap?: number;
          /**
           * Metrics whose aggregate value lies outside the slice's interval: precision-below, recall-above, fpr-above, ...
           */
          flags?: (
            | 'precision-below'
            | 'precision-above'
            | 'recall-below'
            | 'recall-above'
            | 'fpr-below'
            | 'fpr-above'
          )[];
        }[];
        /**
         * Hard or misclassified examples, by reference (never raw personal data).
         */
        examples?: {
          /**
           * Reference to the example in a store: an id, not the content.
           */
          ref: string;
          /**
           * Expected label or rank.
           */
          expected?: string | number;
          /**
           * Predicted label or rank.
           */
          predicted?: string | number;
          /**
           * Model score or confidence.
           */
          score?: number;
          /**
           * Example kind id from taxonomy.yaml: hard-negative, hard-positive, misclassified, ...
           */
          kind?: string;
          /**
           * Why this example matters.
           */
          note?: string;
        }[];
        /**
         * Links to dashboards, logs, experiments and reports.
         */
        links?: Link[];
        /**
         * The hardest examples by score (computed by failcat evidence): hard negatives are truly negative examples scored highest, hard positives truly positive examples scored lowest.
         */
        hard_examples?: {
          /**
           * The example's id column, or its row number in the predictions file.
           */
          ref: string;
          /**
           * hard-negative or hard-positive.
           */
          kind: 'hard-negative' | 'hard-positive';
          /**
           * The true label.
           */
          label: string;
          /**
           * The predicted label.
           */
          predicted?: string;
          /**
           * The model's score.
           */
          score: number;
          /**
           * Row number in the predictions file (1 is the first data row).
           */
          row?: number;
          /**
           * The columns asked for with --keep, by name.
           */
          columns?: {
            [k: string]: string | number | boolean | null;
          };
        }[];
        /**
         * Provenance of the computed figures (written by failcat evidence): enough to reproduce them.
         */
        computed_from?: {
          /**
           * The predictions file, relative to the case's repository when it is inside it.
           */
          file: string;
          /**
           * SHA-256 of the predictions file's bytes.
           */
          sha256: string;
          /**
           * Number of data rows read.
           */
          rows: number;
          /**
           * The command that computed the figures.
           */
          command: string;
          /**
           * When the figures were computed (ISO 8601).
           */
          computed_at: string;
          /**
           * The tool and its version.
           */
          tool?: string;
          /**
           * Which columns were read as what.
           */
          columns?: {
            /**
             * True label column.
             */
            label?: string;
            /**
             * Predicted label column (absent when the prediction comes from the score and a threshold).
             */
            prediction?: string;
            /**
             * Score column.
             */
            score?: string;
            /**
             * Id column used as the reference of examples.
             */
            id?: string;
            /**
             * Slice columns.
             */
            slices?: string[];
            /**
             * Columns kept with hard examples.
             */
            keep?: string[];
          };
          /**
           * Score at or above which an example is predicted positive, when no prediction column was given.
           */
          threshold?: number;
        };
      }
    | {
        /**
         * prevention, detection, mitigation or process.
         */
        category: 'prevention' | 'detection' | 'mitigation' | 'process';
        /**
         * The action, specific enough to be checked.
         */
        action: string;
        /**
         * Owning team or role.
         */
        owner: string;
        /**
         * Due date (ISO 8601).
         */
        due?: string;
        /**
         * open, in-progress, done or dropped.
         */
        status: 'open' | 'in-progress' | 'done' | 'dropped';
        /**
         * Ticket or PR tracking the action.
         */
        link?: string;
      }[]
    | {
        /**
         * Checklist item id from checklist.yaml.
         */
        check: string;
        /**
         * Globs; the safeguard applies to a deployment when any listed glob matches the deployment's value of that kind.
         */
        applies_to: {
          models?: Globs;
          features?: Globs1;
          data_sources?: Globs2;
          paths?: Globs3;
          environments?: Globs4;
        };
        /**
         * Why this safeguard follows from the failure.
         */
        note?: string;
      }[]
    | {
        /**
         * Test id.
         */
        id: string;
        /**
         * What the test checks.
         */
        description: string;
        /**
         * Where the test lives.
         */
        path?: string;
      }[]
    | {
        status: PlanStatus;
        /**
         * Owning team or role.
         */
        owner: string;
        /**
         * The plan in a sentence or two.
         */
        summary?: string;
        /**
         * Metrics to reach, each with its baseline and goal.
         */
        target_metrics?: TargetMetric[];
        /**
         * Changes to the training data: sources, windows, weighting, relabelling.
         */
        data_changes?: string[];
        /**
         * Data augmentations and synthetic examples to add.
         */
        augmentations?: string[];
        /**
         * Changes to features, hyperparameters or architecture.
         */
        model_changes?: string[];
        /**
         * Who must approve the retrained model before release.
         */
        approval?: string;
        /**
         * What must hold to call the plan a success, beyond the target metrics.
         */
        success_criteria?: string[];
        /**
         * Ids of this case's regression_tests the plan must keep green.
         */
        regression_tests?: string[];
        /**
         * When it runs: cadence or window.
         */
        schedule?: string;
        /**
         * Due date (ISO 8601).
         */
        due?: string;
        /**
         * Ticket, experiment or document tracking the plan.
         */
        link?: string;
      }
    | {
        status: PlanStatus;
        /**
         * Owning team or role.
         */
        owner: string;
        /**
         * The plan in a sentence or two.
         */
        summary?: string;
        /**
         * Metrics to reach, each with its baseline and goal.
         */
        target_metrics?: TargetMetric[];
        /**
         * Slices to report separately, where failures hide behind the aggregate.
         */
        slices?: string[];
        /**
         * Failure-mode-aware benchmarks to add: test sets that probe the way this model failed.
         */
        benchmarks?: {
          /**
           * The benchmark.
           */
          name: string;
          /**
           * What it holds and how it is scored.
           */
          description?: string;
          /**
           * Failure mode ids from taxonomy.yaml it probes.
           */
          failure_modes?: string[];
        }[];
        /**
         * Scenarios to replay or simulate: incidents, attacks, shifts.
         */
        scenarios?: string[];
        /**
         * Evaluation datasets and how they are kept clean.
         */
        datasets?: string[];
        /**
         * What must hold to call the plan a success, beyond the target metrics.
         */
        success_criteria?: string[];
        /**
         * Ids of this case's regression_tests the plan must keep green.
         */
        regression_tests?: string[];
        /**
         * When it runs: cadence or window.
         */
        schedule?: string;
        /**
         * Due date (ISO 8601).
         */
        due?: string;
        /**
         * Ticket, experiment or document tracking the plan.
         */
        link?: string;
      }
    | CaseId[]
    | {
        [k: string]: string;
      }
    | 'public'
    | 'internal'
    | 'restricted'
    | {
        /**
         * Team or role that reported the case.
         */
        reported_by?: string;
        /**
         * Registry entry of the failing model.
         */
        model_registry?: string;
        /**
         * Version or snapshot of the data involved.
         */
        data_version?: string;
        /**
         * Version of the feature configuration.
         */
        feature_config?: string;
      }
    | {
        /**
         * Reviewing teams or roles.
         */
        reviewers?: string[];
        /**
         * True once the facts are checked against evidence.
         */
        verified?: boolean;
      }
    | undefined;
}
/**
 * A data slice: the metric on it at baseline and when the failure was observed.
 */
export interface Slice {
  /**
   * The slice, e.g. 'hour 02-05' or 'category: self-harm'.
   */
  name: string;
  /**
   * The metric, e.g. precision, recall, NDCG@10.
   */
  metric: string;
  /**
   * Metric value before or on the healthy aggregate.
   */
  baseline: number;
  /**
   * Metric value observed during the failure.
   */
  observed: number;
  /**
   * Number of examples in the slice.
   */
  support?: number;
}
/**
 * Metrics over all examples, for the positive class (computed by failcat evidence).
 */
export interface MetricSet {
  /**
   * Number of examples.
   */
  support: number;
  /**
   * Number of examples whose true label is the positive class.
   */
  positives?: number;
  accuracy?: Rate;
  precision?: Rate1;
  recall?: Rate2;
  fpr?: Rate3;
}
/**
 * Share of examples predicted correctly.
 */
export interface Rate {
  /**
   * The proportion, from 0 to 1.
   */
  value: number;
  /**
   * Lower bound of the 95% Wilson score interval.
   */
  low: number;
  /**
   * Upper bound of the 95% Wilson score interval.
   */
  high: number;
  /**
   * The denominator: how many examples the proportion is over.
   */
  n: number;
}
/**
 * Of the examples predicted positive, the share truly positive.
 */
export interface Rate1 {
  /**
   * The proportion, from 0 to 1.
   */
  value: number;
  /**
   * Lower bound of the 95% Wilson score interval.
   */
  low: number;
  /**
   * Upper bound of the 95% Wilson score interval.
   */
  high: number;
  /**
   * The denominator: how many examples the proportion is over.
   */
  n: number;
}
/**
 * Of the truly positive examples, the share predicted positive.
 */
export interface Rate2 {
  /**
   * The proportion, from 0 to 1.
   */
  value: number;
  /**
   * Lower bound of the 95% Wilson score interval.
   */
  low: number;
  /**
   * Upper bound of the 95% Wilson score interval.
   */
  high: number;
  /**
   * The denominator: how many examples the proportion is over.
   */
  n: number;
}
/**
 * False-positive rate: of the truly negative examples, the share predicted positive.
 */
export interface Rate3 {
  /**
   * The proportion, from 0 to 1.
   */
  value: number;
  /**
   * Lower bound of the 95% Wilson score interval.
   */
  low: number;
  /**
   * Upper bound of the 95% Wilson score interval.
   */
  high: number;
  /**
   * The denominator: how many examples the proportion is over.
   */
  n: number;
}
/**
 * The slice's metrics.
 */
export interface MetricSet1 {
  /**
   * Number of examples.
   */
  support: number;
  /**
   * Number of examples whose true label is the positive class.
   */
  positives?: number;
  accuracy?: Rate;
  precision?: Rate1;
  recall?: Rate2;
  fpr?: Rate3;
}
/**
 * A link to evidence.
 */
export interface Link {
  /**
   * What the link shows.
   */
  title: string;
  /**
   * http(s) URL.
   */
  url: string;
  /**
   * Link kind id from taxonomy.yaml: dashboard, log, experiment, ab-test, notebook, drift-report, ...
   */
  kind?: string;
}
/**
 * A metric a plan must reach: where it stands and the goal.
 */
export interface TargetMetric {
  /**
   * The metric, e.g. precision per hour bucket, NDCG@10 on pet-intent queries.
   */
  metric: string;
  /**
   * The slice it is measured on, when not the whole.
   */
  slice?: string;
  /**
   * Its value now (or when the failure was observed).
   */
  baseline?: number;
  /**
   * The value to reach.
   */
  goal: number;
  /**
   * at-least (higher is better, the default) or at-most (lower is better).
   */
  direction?: 'at-least' | 'at-most';
  /**
   * Unit of baseline and goal when not a ratio, e.g. ms, points.
   */
  unit?: string;
}

/**
 * Layers a root cause can sit at (data, feature-engineering, model-logic, deployment-pipeline, infrastructure, monitoring, process, ...).
 *
 * @minItems 1
 */
export type Terms = {
  /**
   * Stable kebab-case id cases refer to.
   */
  id: string;
  /**
   * Human-readable name.
   */
  name: string;
  /**
   * What the term means.
   */
  description?: string;
}[];
/**
 * How failures get detected (monitoring, alert, user-report, audit, evaluation, ...).
 *
 * @minItems 1
 */
export type Terms1 = {
  /**
   * Stable kebab-case id cases refer to.
   */
  id: string;
  /**
   * Human-readable name.
   */
  name: string;
  /**
   * What the term means.
   */
  description?: string;
}[];
/**
 * Kinds of evidence examples (hard-negative, hard-positive, misclassified, ...).
 *
 * @minItems 1
 */
export type Terms2 = {
  /**
   * Stable kebab-case id cases refer to.
   */
  id: string;
  /**
   * Human-readable name.
   */
  name: string;
  /**
   * What the term means.
   */
  description?: string;
}[];
/**
 * Kinds of evidence links (dashboard, log, experiment, ab-test, notebook, drift-report, ...).
 *
 * @minItems 1
 */
export type Terms3 = {
  /**
   * Stable kebab-case id cases refer to.
   */
  id: string;
  /**
   * Human-readable name.
   */
  name: string;
  /**
   * What the term means.
   */
  description?: string;
}[];

/**
 * The catalog's vocabulary: failure modes, root-cause layers, detection methods, example and link kinds. Cases may only use ids defined here.
 */
export interface Taxonomy {
  /**
   * Failure modes, optionally nested under a parent mode.
   *
   * @minItems 1
   */
  failure_modes: {
    /**
     * Stable kebab-case id cases refer to.
     */
    id: string;
    /**
     * Human-readable name.
     */
    name: string;
    /**
     * What the failure mode is and how it shows.
     */
    description: string;
    /**
     * Id of the broader failure mode this one refines.
     */
    parent?: string;
  }[];
  root_cause_layers: Terms;
  detection_methods: Terms1;
  example_kinds?: Terms2;
  link_kinds?: Terms3;
}

/**
 * The catalog's rules: case ids, severities with an objective rubric, what each severity requires, audiences and the PR risk policy.
 */
export interface Policy {
  /**
   * Prefix of case ids (FC gives FC-0042).
   */
  id_prefix: string;
  /**
   * Zero-padded width of the number in a case id.
   */
  id_digits?: number;
  /**
   * Audience of a site build when none is given: public leaves out non-public cases and redacted fields.
   */
  default_audience?: 'public' | 'internal';
  /**
   * Where the catalog's site is published (https://example.org/failures/): case ids in the risk check's comment, job summary and Markdown link to their pages there. A catalog read from a site's api/cases.json links to that site without it.
   */
  site_url?: string;
  /**
   * Whether a case with status draft must already have every field and section its severity requires.
   */
  requirements_apply_to_drafts?: boolean;
  /**
   * Severity levels, most severe first.
   *
   * @minItems 1
   */
  severities: {
    /**
     * Id cases use in severity (SEV1).
     */
    id: string;
    /**
     * Human-readable label (Critical).
     */
    label: string;
    /**
     * Weight in the risk score of a deployment that could repeat a case of this severity.
     */
    weight: number;
    /**
     * When this severity applies, in words.
     */
    description: string;
    /**
     * Dotted field paths a case of this severity must fill (root_causes, impact.description, ...).
     */
    required_fields?: string[];
    /**
     * Narrative section ids a case of this severity must have: a '## ' heading in a Markdown body, or a narrative key in a YAML case.
     */
    required_sections?: string[];
  }[];
  /**
   * Objective severity floors: when a case's field meets the condition, its declared severity must be at least min_severity.
   */
  rubric?: ({
    [k: string]: unknown;
  } & {
    /**
     * Stable id of the rule, shown in findings.
     */
    id: string;
    /**
     * Dotted path of the case field the rule reads (impact.users_affected).
     */
    field: string;
    /**
     * The rule applies when the field equals this value.
     */
    equals?: string | number | boolean;
    /**
     * The rule applies when the field is a number at least this.
     */
    at_least?: number;
    /**
     * The least severe severity id a case meeting the condition may declare.
     */
    min_severity: string;
    /**
     * The rule in words, for findings and the site.
     */
    description?: string;
  })[];
  /**
   * How the PR risk check scores a deployment against matching cases. Every setting left out takes its default, also when the whole block is left out.
   */
  risk?: {
    /**
     * The risk level at which the check fails (none never fails).
     */
    fail_on?: 'none' | 'low' | 'medium' | 'high' | 'critical';
    /**
     * The least score for each level above none, in ascending order.
     */
    levels?: {
      /**
       * Least score for low.
       */
      low?: number;
      /**
       * Least score for medium.
       */
      medium?: number;
      /**
       * Least score for high.
       */
      high?: number;
      /**
       * Least score for critical.
       */
      critical?: number;
    };
    /**
     * Multiplier of a matched case's weight by its status: a resolved failure with safeguards in place weighs less than one still under investigation.
     */
    status_factors?: {
      [k: string]: number;
    };
    /**
     * A matched case's weight halves every this many days since it occurred.
     */
    recency_half_life_days?: number;
    /**
     * The least recency multiplier, so old failures never vanish from the score.
     */
    recency_floor?: number;
    /**
     * Points added for each required checklist item that is missing, times the weight factor of the most severe case requiring it.
     */
    missing_item_points?: number;
    /**
     * Multiplier of a weak match's points (a case matched only through a shared data source, feature, environment or path, not its model): weak matches weigh less, and require only the safeguards whose applies_to they meet.
     */
    weak_match_factor?: number;
    /**
     * Checklist items that fail the check when missing, whatever the score, besides those checklist.yaml marks: for every case, or from a severity up.
     */
    blocking?: {
      /**
       * The checklist item id.
       */
      item: string;
      /**
       * Blocking only for cases of this severity or a more severe one; every case when left out.
       */
      from_severity?: string;
    }[];
    /**
     * Who may waive what.
     */
    waivers?: {
      /**
       * The logins that may approve a waiver (without @); empty means anyone. A waiver approved by someone else is rejected and counts for nothing.
       */
      approvers?: string[];
      /**
       * Whether a blocking item may be waived; false rejects such waivers.
       */
      allow_blocking?: boolean;
    };
  };
}

/**
 * Deployment checklist items. A case's safeguards name them; the PR risk check asks for them.
 */
export interface Checklist {
  /**
   * The checklist items.
   *
   * @minItems 1
   */
  items: {
    /**
     * Stable kebab-case id, as written in a PR task list (- [x] validate-feature-ranges).
     */
    id: string;
    /**
     * Short imperative title.
     */
    title: string;
    /**
     * What doing the item means and how to show it is done.
     */
    description: string;
    /**
     * Grouping for display: data, features, model, rollout, monitoring, process.
     */
    category?: string;
    /**
     * A missing blocking item fails the risk check whatever the score: true for every case that requires it, or from_severity for cases of that severity or a more severe one. The policy's risk.blocking can mark items too.
     */
    blocking?: boolean | BlockingFrom;
  }[];
}
/**
 * Blocking from a severity up.
 */
export interface BlockingFrom {
  /**
   * The least severe severity id (from policy.yaml) whose cases make the item blocking.
   */
  from_severity: string;
}

/**
 * One accepted risk: exactly one of item and case, with reason, approver and expiry.
 */
export type Waiver = {
  /**
   * The checklist item accepted as not done, by id.
   */
  item?: string;
  /**
   * A case whose risk is accepted as a whole, by id: its points, its required items and its regression tests no longer count.
   */
  case?: string;
  /**
   * Why the risk is accepted, for the reviewers.
   */
  reason: string;
  /**
   * Who approved the waiver (a GitHub login, with or without @); the policy's risk.waivers.approvers may restrict who can.
   */
  approver: string;
  /**
   * The last day the waiver holds (YYYY-MM-DD); from the day after, the item counts as missing again.
   */
  expires: string;
} & Waiver1;
export type Waiver1 = {
  [k: string]: unknown;
};

/**
 * A deployment manifest (default .failcat/deploy.yml) in a repository that deploys a model: what ships, and the state of the deployment checklist. Values are capped in length (names at 200 characters, sources and features at 500), so matching them stays cheap.
 */
export interface DeploymentManifest {
  /**
   * The model being deployed, as cases name it in system.model.
   */
  model: string;
  /**
   * The version being deployed.
   */
  model_version?: string;
  /**
   * Target environment: production, staging, shadow, ...
   */
  environment?: string;
  /**
   * Data sources the deployed model reads.
   *
   * @maxItems 1000
   */
  data_sources?: string[];
  /**
   * Features the deployed model reads.
   *
   * @maxItems 1000
   */
  features?: string[];
  /**
   * State of checklist items by id: done, missing or not-applicable (true means done, false missing). A ticked or unticked task-list item in the PR body overrides this.
   */
  checklist?: {
    /**
     * The item's state.
     */
    [k: string]: 'done' | 'missing' | 'not-applicable' | true | false;
  };
  /**
   * Risks accepted knowingly: each waiver names a checklist item or a case, why it is accepted, who approved it and until when. A waived item counts as accepted (not missing) until its expiry, then as missing again. Waivers can also be written in the PR description, in a fenced block with the info string failcat-waivers holding the same list.
   *
   * @maxItems 200
   */
  waivers?: Waiver[];
}

/**
 * The catalog as one JSON document, as a failcat site publishes it at api/cases.json and `failcat export` writes it: the configuration and every case the audience may see. `failcat check --catalog URL` and the GitHub Action read it back, and refuse a document that does not match this schema.
 */
export interface CatalogExport {
  /**
   * Version of the export format: 1. A breaking change of the format gives a new version, which older failcat versions refuse to read.
   */
  version: 1;
  /**
   * When the document was written (ISO 8601 date-time, UTC).
   */
  generated_at: string;
  /**
   * Who the document is for: public (only public cases, without redacted fields and x- fields) or internal (every case, whole).
   */
  audience: 'public' | 'internal';
  /**
   * The catalog configuration the cases were validated against.
   */
  config: {
    /**
     * The catalog taxonomy.yaml (taxonomy.schema.json).
     */
    taxonomy: Taxonomy;
    /**
     * The catalog policy.yaml (policy.schema.json), with the schema defaults filled in.
     */
    policy: Policy;
    /**
     * The catalog checklist.yaml (checklist.schema.json).
     */
    checklist: Checklist;
  };
  /**
   * The cases the audience may see, ordered by id.
   */
  cases: ExportedCase[];
}
/**
 * One case as published: the fields of its case file (each defined in case.schema.json, under the same name), as the audience may see them, plus the path of its file and its narrative sections.
 */
export interface ExportedCase {
  id: FailureCase['id'];
  title: FailureCase['title'];
  summary: FailureCase['summary'];
  status: FailureCase['status'];
  tags?: FailureCase['tags'];
  severity: FailureCase['severity'];
  severity_rationale?: FailureCase['severity_rationale'];
  occurred_at: FailureCase['occurred_at'];
  detected_at?: FailureCase['detected_at'];
  resolved_at?: FailureCase['resolved_at'];
  timeline?: FailureCase['timeline'];
  detection?: FailureCase['detection'];
  system?: FailureCase['system'];
  data?: FailureCase['data'];
  impact?: FailureCase['impact'];
  expected?: FailureCase['expected'];
  failure_modes?: FailureCase['failure_modes'];
  root_causes?: FailureCase['root_causes'];
  evidence?: FailureCase['evidence'];
  what_went_well?: FailureCase['what_went_well'];
  lessons_learned?: FailureCase['lessons_learned'];
  corrective_actions?: FailureCase['corrective_actions'];
  safeguards?: FailureCase['safeguards'];
  regression_tests?: FailureCase['regression_tests'];
  retraining_plan?: FailureCase['retraining_plan'];
  evaluation_plan?: FailureCase['evaluation_plan'];
  related?: FailureCase['related'];
  supersedes?: FailureCase['supersedes'];
  duplicate_of?: FailureCase['duplicate_of'];
  narrative?: FailureCase['narrative'];
  visibility?: FailureCase['visibility'];
  redact?: FailureCase['redact'];
  provenance?: FailureCase['provenance'];
  review?: FailureCase['review'];
  /**
   * Path of the case file in the catalog repository (cases/FC-0042-slug.md).
   */
  file: string;
  /**
   * The narrative in Markdown sections, in file order: the body of a Markdown case split at its ## headings, or the narrative of a YAML case. A public export leaves out redacted sections.
   */
  sections: ExportedSection[];
  /**
   * Extension field for a team's own data; never validated, never rendered.
   *
   * This interface was referenced by `ExportedCase`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]:
    | {
        [k: string]: unknown;
      }
    | FailureCase['id']
    | FailureCase['title']
    | FailureCase['summary']
    | FailureCase['status']
    | FailureCase['tags']
    | FailureCase['severity']
    | FailureCase['severity_rationale']
    | FailureCase['occurred_at']
    | FailureCase['detected_at']
    | FailureCase['resolved_at']
    | FailureCase['timeline']
    | FailureCase['detection']
    | FailureCase['system']
    | FailureCase['data']
    | FailureCase['impact']
    | FailureCase['expected']
    | FailureCase['failure_modes']
    | FailureCase['root_causes']
    | FailureCase['evidence']
    | FailureCase['what_went_well']
    | FailureCase['lessons_learned']
    | FailureCase['corrective_actions']
    | FailureCase['safeguards']
    | FailureCase['regression_tests']
    | FailureCase['retraining_plan']
    | FailureCase['evaluation_plan']
    | FailureCase['related']
    | FailureCase['supersedes']
    | FailureCase['duplicate_of']
    | FailureCase['narrative']
    | FailureCase['visibility']
    | FailureCase['redact']
    | FailureCase['provenance']
    | FailureCase['review']
    | string
    | ExportedSection[]
    | undefined;
}
/**
 * A narrative section.
 */
export interface ExportedSection {
  /**
   * Slug of the heading (## Root causes gives root-causes), as redact entries name it (narrative.root-causes).
   */
  id: string;
  /**
   * The heading as written.
   */
  title: string;
  /**
   * The Markdown text of the section, without its heading.
   */
  text: string;
}

/**
 * The result of the PR risk check, as `failcat check --format json` prints it. The text and Markdown outputs (and the action's comment and job summary) render these same facts and next steps. Keys are snake_case throughout.
 */
export interface CheckResult {
  /**
   * passed: below fail_on and nothing blocks; failed: the check fails (see failures); invalid: the deployment manifest could not be read, so only its findings and next steps are reported.
   */
  outcome: 'passed' | 'failed' | 'invalid';
  /**
   * Whether the check fails (the exit status is 1).
   */
  failed: boolean;
  /**
   * The risk level the score reaches (absent when invalid).
   */
  level?: 'none' | 'low' | 'medium' | 'high' | 'critical';
  /**
   * The risk score: matched cases' points plus missing items' and tests' points.
   */
  score?: number;
  /**
   * The level at which the check fails.
   */
  fail_on?: 'none' | 'low' | 'medium' | 'high' | 'critical';
  /**
   * Why the check fails, most decisive first; empty when it passes.
   */
  failures: {
    /**
     * invalid-manifest, blocking-item (a missing blocking item), failed-test (a regression test failed), test-report (a report could not be read) or level (the score reached fail_on).
     */
    kind: 'invalid-manifest' | 'blocking-item' | 'failed-test' | 'test-report' | 'level';
    /**
     * The reason in words; values in backticks.
     */
    text: string;
    /**
     * The checklist item, for blocking-item.
     */
    item?: string;
    /**
     * The regression test id, for failed-test.
     */
    test?: string;
    /**
     * The file, for invalid-manifest and test-report.
     */
    file?: string;
  }[];
  /**
   * What to do, in order: the same steps every output shows.
   */
  next_steps: {
    /**
     * fix-manifest, complete-item, renew-waiver, fix-waiver, fix-test, run-test, fix-report or review-cases.
     */
    action:
      | 'fix-manifest'
      | 'complete-item'
      | 'renew-waiver'
      | 'fix-waiver'
      | 'fix-test'
      | 'run-test'
      | 'fix-report'
      | 'review-cases';
    /**
     * The step in words; values in backticks.
     */
    text: string;
    /**
     * The checklist item the step is about.
     */
    item?: string;
    /**
     * The case id the step is about.
     */
    case?: string;
    /**
     * The regression test id the step is about.
     */
    test?: string;
    /**
     * The file the step is about.
     */
    file?: string;
  }[];
  /**
   * Cases the deployment could repeat, most points first.
   */
  matches?: {
    /**
     * Case id.
     */
    id: string;
    /**
     * Case title.
     */
    title: string;
    /**
     * Severity id.
     */
    severity: string;
    /**
     * Case status.
     */
    status: string;
    /**
     * The case file in the catalog.
     */
    file: string;
    /**
     * The case's page on the catalog site, when the catalog has one.
     */
    url?: string;
    /**
     * strong: a model matches (the case's own, or one a safeguard names); weak: only a shared data source, feature, environment or path. A weak match weighs weak_match_factor and requires only the safeguards whose applies_to it meets.
     */
    strength: 'strong' | 'weak';
    /**
     * Whether an active waiver accepts the case: it then adds no points and requires nothing.
     */
    waived: boolean;
    /**
     * Why it matched.
     */
    reasons: {
      /**
       * What matched.
       */
      kind: 'model' | 'feature' | 'data_source' | 'environment' | 'path';
      /**
       * The deployment's value.
       */
      value: string;
      /**
       * The case's value or glob that matched it.
       */
      pattern: string;
      /**
       * safeguard: a safeguard's applies_to; case: the case's own system and data fields.
       */
      via: 'safeguard' | 'case';
      /**
       * The safeguard's checklist item, when via is safeguard.
       */
      check?: string;
      /**
       * The reason in words.
       */
      text: string;
    }[];
    /**
     * Points = weight × status_factor × recency × strength_factor (0 when waived).
     */
    contribution: {
      /**
       * The severity's weight.
       */
      weight: number;
      /**
       * The policy's factor for the case's status.
       */
      status_factor: number;
      /**
       * 1 for a strong match, weak_match_factor for a weak one.
       */
      strength_factor: number;
      /**
       * Days since the case occurred (absent without a valid date).
       */
      age_days?: number;
      /**
       * max(recency_floor, 0.5^(age_days / half_life_days)).
       */
      recency: number;
      /**
       * What the case adds to the score.
       */
      points: number;
    };
  }[];
  /**
   * Checklist items the matched cases require: missing first, blocking first.
   */
  required?: {
    /**
     * Checklist item id.
     */
    item: string;
    /**
     * Its title.
     */
    title: string;
    /**
     * done, missing, not-applicable, or waived (missing, accepted by an active waiver).
     */
    status: 'done' | 'missing' | 'not-applicable' | 'waived';
    /**
     * Where the status comes from: the PR description's task list, the manifest, a waiver, or nowhere (default: missing).
     */
    source: 'pr-body' | 'manifest' | 'waiver' | 'default';
    /**
     * Whether a missing item fails the check whatever the score.
     */
    blocking: boolean;
    /**
     * Ids of the matched cases requiring it, most severe first.
     */
    cases: string[];
    /**
     * What a missing item adds: missing_item_points × (weight × strength factor of its weightiest case / max_weight).
     */
    points: number;
  }[];
  /**
   * Every waiver of the manifest and the PR description, and what became of it.
   */
  waivers?: {
    /**
     * The waived checklist item.
     */
    item?: string;
    /**
     * The waived case.
     */
    case?: string;
    /**
     * Why the risk is accepted.
     */
    reason: string;
    /**
     * Who approved it.
     */
    approver: string;
    /**
     * Its last day (YYYY-MM-DD).
     */
    expires: string;
    /**
     * manifest or pr-body.
     */
    source: 'manifest' | 'pr-body';
    /**
     * active (applied), expired (the item counts as missing again), rejected (the policy refuses it; see note) or unused (nothing to waive).
     */
    state: 'active' | 'expired' | 'rejected' | 'unused';
    /**
     * Days from today to the expiry: 0 on its last day, negative once expired.
     */
    days_left: number;
    /**
     * Why it was rejected or unused.
     */
    note?: string;
  }[];
  /**
   * Regression tests the matched cases name.
   */
  regression_tests?: {
    /**
     * Test id.
     */
    id: string;
    /**
     * What it checks.
     */
    description: string;
    /**
     * Where the test lives.
     */
    path?: string;
    /**
     * The case that names it.
     */
    case: string;
    /**
     * passed, failed, skipped or not-run in the given test reports; not-checked when no report was given.
     */
    result: 'passed' | 'failed' | 'skipped' | 'not-run' | 'not-checked';
    /**
     * The report files its test cases came from.
     */
    reports?: string[];
    /**
     * What a test that did not run adds, like a missing item of its case.
     */
    points: number;
  }[];
  /**
   * Task-list or manifest ids that are not checklist items (ignored).
   */
  unknown_items?: string[];
  /**
   * Problems with the check's inputs.
   *
   * Items: A problem with an input of the check (the manifest, a waiver block, a test report), positioned.
   */
  findings: {
    /**
     * The file, or `PR description`.
     */
    file: string;
    /**
     * 1-based line.
     */
    line: number;
    /**
     * 1-based column.
     */
    column: number;
    /**
     * Stable rule id (schema, deploy-missing, waiver-invalid, test-report, ...).
     */
    rule: string;
    /**
     * An error fails the check.
     */
    severity: 'error' | 'warning';
    /**
     * What is wrong.
     */
    message: string;
    /**
     * What to do about it.
     */
    hint: string;
  }[];
  /**
   * Where the score comes from.
   */
  score_breakdown?: {
    /**
     * Points of matched cases.
     */
    cases: number;
    /**
     * Points of missing checklist items.
     */
    items: number;
    /**
     * Points of regression tests that did not run.
     */
    tests: number;
  };
  /**
   * The policy values the score used.
   */
  policy?: {
    /**
     * Least score of each level.
     */
    levels: {
      /**
       * Least score for low.
       */
      low: number;
      /**
       * Least score for medium.
       */
      medium: number;
      /**
       * Least score for high.
       */
      high: number;
      /**
       * Least score for critical.
       */
      critical: number;
    };
    /**
     * Factor of each case status.
     */
    status_factors: {
      [k: string]: number;
    };
    /**
     * Half-life of a case's weight.
     */
    recency_half_life_days: number;
    /**
     * Least recency factor.
     */
    recency_floor: number;
    /**
     * Points of a missing item before its weight factor.
     */
    missing_item_points: number;
    /**
     * The largest severity weight.
     */
    max_weight: number;
    /**
     * Factor of a weak match.
     */
    weak_match_factor: number;
  };
  /**
   * The catalog checked against.
   */
  catalog: {
    /**
     * Valid cases considered.
     */
    cases: number;
    /**
     * Case files left out as invalid.
     */
    invalid: number;
    /**
     * Where the catalog came from.
     */
    label?: string;
    /**
     * The catalog site that case ids link to.
     */
    site_url?: string;
  };
}
