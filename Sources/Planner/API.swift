/// ImmplanPlanner: recorded state, the diff, plans and plan files.
public enum ImmplanPlannerModule {}
