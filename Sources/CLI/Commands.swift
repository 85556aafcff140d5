/// Every subcommand, in the order `immplan help` lists them. Adding a command: write its file
/// (a type conforming to ``Subcommand``) and add one line here.
let commandTable: [CommandEntry] = [
  ValidateCommand.entry,
  FmtCommand.entry,
  GraphCommand.entry,
  PlanCommand.entry,
  ShowCommand.entry,
  ApplyCommand.entry,
  DestroyCommand.entry,
  OutputCommand.entry,
  HistoryCommand.entry,
  RollbackCommand.entry,
  StateListCommand.entry,
  StateShowCommand.entry,
  ForceUnlockCommand.entry,
  VersionCommand.entry,
]
