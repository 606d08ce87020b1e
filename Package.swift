// swift-tools-version:6.0
// fundcast — actuarial forecasting for China's basic medical insurance funds.
// Module floors (a module imports only modules on lower floors), see ARCHITECTURE in README:
//   1 LinearAlgebra, Scenario · 2 Demography, Audit · 3 Membership · 4 Finance · 5 Projection · 5½ Engine (many variants)
//   6 Warnings, Backtest · 6½ Stochastic (Monte Carlo) · 7 Reports, RunHistory · 7½ Workbook (XLSX through libxlsxwriter) · 8 fundcast (CLI)
import PackageDescription

let package = Package(
    name: "fundcast",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fundcast", targets: ["fundcast"]),
        .executable(name: "FundcastFuzz", targets: ["FundcastFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .target(name: "LinearAlgebra", dependencies: ["CBLAS"], exclude: ["README.md"]),
        .target(name: "Scenario", dependencies: [.product(name: "Yams", package: "Yams")], exclude: ["README.md"]),
        .target(name: "Demography", dependencies: ["LinearAlgebra", "Scenario"], exclude: ["Resources", "README.md"]),
        .target(name: "Membership", dependencies: ["Scenario", "Demography", "LinearAlgebra"], exclude: ["README.md"]),
        .target(name: "Finance", dependencies: ["Scenario", "Membership", "Demography"], exclude: ["Resources", "README.md"]),
        .target(name: "Projection", dependencies: ["Scenario", "Demography", "Membership", "Finance", "LinearAlgebra"]),
        .target(name: "Engine", dependencies: ["Scenario", "Demography", "Membership", "Finance", "Projection"], exclude: ["README.md"]),
        .target(name: "Warnings", dependencies: ["Scenario", "Finance", "Projection"], exclude: ["README.md"]),
        .target(name: "Audit", dependencies: ["Scenario"], exclude: ["README.md"]),
        // 6½ Stochastic (Monte Carlo factors, Lee–Carter, Philox; above Warnings, below Reports)
        .target(name: "Stochastic", dependencies: ["Scenario", "LinearAlgebra", "Demography", "Finance", "Membership", "Projection", "Warnings"], exclude: ["README.md"]),
        .target(name: "Reports", dependencies: ["Scenario", "Finance", "Projection", "Warnings", "Engine", "Stochastic", "Audit"], exclude: ["README.md"]),
        .target(name: "RunHistory", dependencies: ["Scenario", .product(name: "GRDB", package: "GRDB.swift")], exclude: ["README.md"]),
        .target(name: "Backtest", dependencies: ["Scenario", "Demography", "Finance", "Projection", "LinearAlgebra"], exclude: ["README.md"]),
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .target(name: "Workbook", dependencies: ["CXLSXWriter", "Scenario", "Reports"]),
        .executableTarget(
            name: "fundcast",
            dependencies: [
                "Scenario", "Demography", "Membership", "Finance", "Projection", "Warnings", "Reports", "LinearAlgebra", "RunHistory",
                "Backtest", "Workbook", "Engine", "Stochastic", "Audit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer targets for the readers (scripts/fuzz.sh); built normally it replays inputs.
        .executableTarget(name: "FundcastFuzz", dependencies: ["Scenario", "Stochastic"]),
        // Fixtures and helpers every test target shares (repository paths, temporary folders, closeness).
        .target(name: "TestSupport", dependencies: ["Scenario"], path: "Tests/TestSupport"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"]),
        .testTarget(name: "ScenarioTests", dependencies: ["TestSupport", "Scenario"]),
        .testTarget(name: "DemographyTests", dependencies: ["TestSupport", "Demography", "Scenario", "LinearAlgebra"]),
        .testTarget(name: "MembershipTests", dependencies: ["TestSupport", "Membership", "Demography", "Scenario"]),
        .testTarget(name: "FinanceTests", dependencies: ["TestSupport", "Finance", "Membership", "Scenario"]),
        .testTarget(name: "ProjectionTests", dependencies: ["TestSupport", "Projection", "Scenario", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "EngineTests", dependencies: ["TestSupport", "Engine", "Projection", "Scenario", "Finance"]),
        .testTarget(name: "WarningsTests", dependencies: ["TestSupport", "Warnings", "Projection", "Scenario"]),
        .testTarget(name: "AuditTests", dependencies: ["TestSupport", "Audit", "Scenario"]),
        // Fixtures are read by repository path (like Scenarios/), not as bundle resources.
        .testTarget(name: "ReportsTests", dependencies: ["TestSupport", "Reports", "Projection", "Warnings", "Scenario", "Audit"], exclude: ["Fixtures"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "fundcast"]),
        .testTarget(name: "RunHistoryTests", dependencies: ["TestSupport", "RunHistory", "Scenario", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "StochasticTests", dependencies: ["TestSupport", "Stochastic", "Membership", "Projection", "Scenario", "LinearAlgebra"]),
        .testTarget(name: "BacktestTests", dependencies: ["TestSupport", "Backtest", "Projection", "Scenario", "LinearAlgebra"]),
    ]
)
