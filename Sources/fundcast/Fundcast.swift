import ArgumentParser

/// The `fundcast` command: one model, many subcommands.
struct Fundcast: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fundcast",
        abstract: "Actuarial forecasts for China's basic medical insurance funds (职工医保 / 居民医保).",
        discussion: """
        Budget tables (基金预算), projections, graded risk warnings (风险预警) from dated policy scenarios.
        Examples:
          fundcast budget                                  # the embedded example city
          fundcast budget Scenarios/example-city.yaml --lang en --unit 亿元
          fundcast run Scenarios/example-city.yaml --format json
          fundcast validate my-city.yaml
          fundcast audit Scenarios/published/tacheng-2024.csv  # consistency of a published fund table
        """,
        version: "0.1.0",
        subcommands: [BudgetCommand.self, RunCommand.self, ValidateCommand.self, InitCommand.self, BenchCommand.self,
                      HistoryCommand.self, ExplainCommand.self, BacktestCommand.self, ExportCommand.self,
                      SweepCommand.self, StressCommand.self, SolveCommand.self, SimulateCommand.self, MergeCommand.self,
                      AuditCommand.self],
        defaultSubcommand: nil)
}
