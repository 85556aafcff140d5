/// Deliberately leaks `value`: the process exits right after the command returns, and the kernel
/// reclaims the memory at once, whereas releasing a 90,000-resource load (syntax trees, graph,
/// state, plan: millions of small allocations) value by value costs about a tenth of `validate`'s
/// time (BRIEF §8's budgets). Only for values that live until the command's end anyway; never in
/// library code or in anything that runs more than once per process.
func keepUntilExit<T>(_ value: T) {
  _ = Unmanaged.passRetained(LeakedBox(value))
}

private final class LeakedBox<T> {
  let value: T
  init(_ value: T) { self.value = value }
}
