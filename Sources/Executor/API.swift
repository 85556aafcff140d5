/// ImmplanExecutor: providers (sim, aws) and the executor that applies a plan.
///
/// Entry points:
/// - ``Provider``, with ``SimProvider`` (the embedded simulated cloud) and the aws provider;
/// - ``Executor/run(_:interrupts:)``: walks ``ExecutionOperation``s (from
///   ``ImmplanPlanner/Plan/executionOperations()``) with bounded parallelism, journaling through an
///   ``ExecutionJournal`` (``StateJournal`` on the state's journal writer), reporting to an
///   ``ExecutionReporter`` (``PlainTextReporter``), rolling back fleets that fail their health gate;
/// - ``Recovery``: settles what an interrupted apply left pending, by planned name.
public enum ImmplanExecutorModule {}
