/// ImmplanExecutor: providers (sim, aws) and the executor that applies a plan.
public enum ImmplanExecutorModule {}
